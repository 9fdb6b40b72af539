package dev.pipeline.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Pipeline;

/**
 * A share-group pipeline in a JVM of its own, for the kill -9 test: appends the offset of
 * every record it handles to a file before the record is acknowledged. Arguments:
 * bootstrap, topic, group, output file.
 */
public final class ShareChildPipeline {

	/** Records one poll acquires: what a killed instance holds at most. */
	static final int MAX_POLL_RECORDS = 50;

	private ShareChildPipeline() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		OutputStream out = new FileOutputStream(args[3], true);
		KafkaShareSourceProperties properties = new KafkaShareSourceProperties();
		properties.setTopics(List.of(args[1]));
		properties.setMaxPollRecords(MAX_POLL_RECORDS);
		KafkaShareSourcePlan plan = KafkaShareSources.create("child", properties, 1,
				new KafkaTestCluster(args[0]).clients(args[2], Map.of()));
		Pipeline<byte[]> pipeline = Pipeline
			.create(plan.applyTo(Pipeline.<byte[]>builder("child").processors((p) -> p.concurrency(2).maxDemand(25)))
				.onMessage((message) -> {
					LockSupport.parkNanos(2_000_000);
					byte[] line = (message.metadata().get(KafkaMetadata.OFFSET) + "\n")
						.getBytes(StandardCharsets.UTF_8);
					synchronized (out) {
						out.write(line);
						out.flush();
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
