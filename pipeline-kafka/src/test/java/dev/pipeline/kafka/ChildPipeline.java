package dev.pipeline.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Pipeline;

/**
 * A pipeline in a JVM of its own, for the kill -9 test: consumes a topic and appends
 * "partition offset" of every record it handles to a file before the record is
 * acknowledged. Arguments: bootstrap, topic, group, output file.
 */
public final class ChildPipeline {

	/** Commit after this many settled records. */
	static final int COMMIT_COUNT = 200;

	/** Processors times max-demand: records in the pipeline at most. */
	static final int IN_PIPELINE = 2 * 20;

	private ChildPipeline() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		OutputStream out = new FileOutputStream(args[3], true);
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(args[1]));
		properties.setCommitCount(COMMIT_COUNT);
		properties.setCommitInterval(Duration.ofMillis(200));
		properties.setMaxPollRecords(100);
		KafkaSourcePlan plan = KafkaSources.create("child", properties, 1,
				new KafkaTestCluster(args[0]).clients(args[2], Map.of()));
		Pipeline<byte[]> pipeline = Pipeline
			.create(plan.applyTo(Pipeline.<byte[]>builder("child").processors((p) -> p.concurrency(2).maxDemand(20)))
				.onMessage((message) -> {
					LockSupport.parkNanos(200_000);
					byte[] line = (message.metadata().get(KafkaMetadata.PARTITION) + " "
							+ message.metadata().get(KafkaMetadata.OFFSET) + "\n")
						.getBytes(StandardCharsets.UTF_8);
					synchronized (out) {
						out.write(line);
					}
					return message;
				})
				.build());
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			pipeline.drain();
			stopped.countDown();
		}));
		pipeline.start();
		stopped.await();
	}

}
