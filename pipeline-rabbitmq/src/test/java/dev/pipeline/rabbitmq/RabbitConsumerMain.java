package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A pipeline in a JVM of its own, for the crash test: consumes a queue and appends the id
 * of every message it handled to a file, before the message is acknowledged. A SIGTERM
 * drains it; a SIGKILL does not.
 */
public final class RabbitConsumerMain {

	private RabbitConsumerMain() {
	}

	/**
	 * Runs until killed.
	 * @param args the queue, then the file of handled ids
	 * @throws Exception when the pipeline cannot start
	 */
	public static void main(String[] args) throws Exception {
		String queue = args[0];
		FileChannel handled = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		CachingConnectionFactory connectionFactory = TestBroker.connectionFactory(Boolean.parseBoolean(args[2]));
		RabbitPipelines pipelines = new RabbitPipelines();
		Pipeline<byte[]> pipeline = pipelines.create(connectionFactory, RabbitPipelines.properties(queue), "crash",
				(spec) -> spec.processors((p) -> p.concurrency(2).maxDemand(50))
					.onMessage((message) -> message)
					.batcher("default",
							(b) -> b.batchSize(100)
								.batchTimeout(Duration.ofMillis(100))
								.concurrency(2)
								.handler((batch, info) -> record(handled, batch))));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			pipeline.drain(Duration.ofSeconds(20));
			connectionFactory.destroy();
			stopped.countDown();
		}));
		pipeline.start();
		System.out.println("started, prefetch " + pipelines.prefetch());
		stopped.await();
	}

	private static List<Message<byte[]>> record(FileChannel handled, List<Message<byte[]>> batch) throws IOException {
		ByteBuffer ids = ByteBuffer.allocate(batch.size() * Long.BYTES);
		for (Message<byte[]> message : batch) {
			ids.putLong(TestBroker.id(message.data()));
		}
		ids.flip();
		synchronized (handled) {
			while (ids.hasRemaining()) {
				handled.write(ids);
			}
		}
		return batch;
	}

}
