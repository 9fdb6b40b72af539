package dev.pipeline.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;

/**
 * A pipeline in a JVM of its own, for the kill -9 test: consumes a topic and appends
 * "partition offset" of every record its batch handler gets to a file before the record
 * is acknowledged. Sized as a newcomer's application: 8 processors with max-demand 50, a
 * batcher of 50 with 2 workers, commit-count 500. Arguments: bootstrap, topic, group,
 * output file.
 */
public final class ChildPipeline {

	/** Commit after this many settled records. */
	static final int COMMIT_COUNT = 500;

	static final int PROCESSORS = 8;

	static final int MAX_DEMAND = 50;

	static final int BATCH_SIZE = 50;

	static final int BATCH_WORKERS = 2;

	private ChildPipeline() {
	}

	/**
	 * The records this pipeline holds at most, as docs/kafka.md counts them: processors
	 * times max-demand, and for the batcher its max-demand (the batch size), one open
	 * batch per batch key (a partition) and two batches per batch worker (one waiting,
	 * one handled).
	 * @param partitions the topic's partitions
	 * @return the records in the pipeline at most
	 */
	static int inPipeline(int partitions) {
		return PROCESSORS * MAX_DEMAND + BATCH_SIZE + partitions * (BATCH_SIZE - 1) + 2 * BATCH_WORKERS * BATCH_SIZE;
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		OutputStream out = new FileOutputStream(args[3], true);
		KafkaSourceProperties properties = new KafkaSourceProperties();
		properties.setTopics(List.of(args[1]));
		properties.setCommitCount(COMMIT_COUNT);
		KafkaSourcePlan plan = KafkaSources.create("child", properties, 1,
				new KafkaTestCluster(args[0]).clients(args[2], Map.of()));
		Pipeline<byte[]> pipeline = Pipeline.create(plan.applyTo(
				Pipeline.<byte[]>builder("child").processors((p) -> p.concurrency(PROCESSORS).maxDemand(MAX_DEMAND)))
			.onMessage((message) -> {
				LockSupport.parkNanos(100_000);
				return message;
			})
			.batcher("default", (b) -> b.batchSize(BATCH_SIZE).concurrency(BATCH_WORKERS).handler((batch, info) -> {
				LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000));
				StringBuilder lines = new StringBuilder();
				for (Message<byte[]> message : batch) {
					lines.append(message.metadata().get(KafkaMetadata.PARTITION))
						.append(' ')
						.append(message.metadata().get(KafkaMetadata.OFFSET))
						.append('\n');
				}
				synchronized (out) {
					out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
				}
				return batch;
			}))
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
