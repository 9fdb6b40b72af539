package dev.pipeline.bench.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.pipeline.rabbitmq.RabbitSource;
import dev.pipeline.rabbitmq.RabbitSourceProperties;
import dev.pipeline.rabbitmq.RabbitSources;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.Source;
import dev.pipeline.core.ThreadMode;
import dev.pipeline.boot.metrics.PipelineMetrics;
import dev.pipeline.boot.metrics.PipelineObservations;
import dev.pipeline.boot.source.PipelineMessaging;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Drains a pre-filled RabbitMQ queue with three consumers, in turn, in the same JVM: our
 * pipeline with the starter's {@code RabbitSource}, a bare {@code com.rabbitmq.client}
 * consumer, and Spring AMQP's batch listener. All three use the same prefetch on one
 * channel. Each round pre-fills a fresh queue per side with N non-persistent 200-byte
 * messages (the first 8 bytes are the sequence number) on a separate connection, waits
 * until the broker holds all N, then times the drain from the consumer's start to the
 * N-th delivery. The order of the sides rotates from one round to the next.
 *
 * <pre>
 * ours    RabbitSource (prefetch P) ─► processor ×2 (max-demand 50) ─► batcher "default" (100) ─► batch worker ×1 ─► ack
 * bare    DefaultConsumer (basicQos P) ─► basicAck(tag, multiple = true) every 100 deliveries
 * spring  SimpleMessageListenerContainer (prefetch P, consumerBatchEnabled, batchSize 100) ─► BatchMessageListener ─► ack (AUTO)
 * </pre>
 *
 * <p>
 * Three more sides run ours with one thing switched on: {@code ours-metrics} (the
 * starter's Micrometer meters), {@code ours-obs} (an observation per message and per
 * batch, timed by Micrometer's default handler) and {@code ours-virtual} (the handlers on
 * virtual threads; Java 21 or later).
 *
 * <p>
 * The local broker drains a queue in one of a few modes from round to round, costing it
 * about 7, 15 or 30 µs of CPU per message here; after the summary, a second table
 * compares each side with the bare client's runs of the same mode.
 *
 * <p>
 * Each run checks its own result: every sequence number from 0 to N - 1 delivered exactly
 * once, and, once the consumer has stopped, the queue empty (nothing left
 * unacknowledged); ours also a clean drain and pipeline stats of N succeeded. Any miss
 * throws. The queues are deleted at the end of each run, and at exit.
 *
 * <p>
 * Run (from the repository root, with RabbitMQ on 127.0.0.1:5672, guest/guest):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.RabbitBenchmark
 * </pre>
 *
 * System properties: {@code messages} (300000), {@code rounds} (3), {@code warmups} (3
 * rounds per side, not counted: with one, the JIT still compiled during the measured
 * rounds and its CPU counted as the client's), {@code prefetch} (300, the prefetch the
 * starter derives for ours), {@code linger} (ours' linger as an ISO-8601 duration, e.g.
 * {@code PT0.002S}; the source's default, 500 µs, when absent), {@code sides}
 * (ours,bare,spring; also ours-metrics, ours-obs, ours-virtual), {@code reader.thread}
 * (true, as the starter does by default: ours on a connection of its own whose consumer
 * callbacks run on the client's reader thread; false: ours on the connection the other
 * sides use, its callbacks on the client's dispatch thread), {@code rabbit.host}
 * (127.0.0.1), {@code rabbit.port} (5672).
 */
public final class RabbitBenchmark {

	static final int PAYLOAD = 200;

	private static final long TIMEOUT_SECONDS = 300;

	private final ConnectionFactory raw;

	private final CachingConnectionFactory spring;

	/**
	 * Ours' connection factory: one of its own whose consumer callbacks run on the
	 * client's reader thread, or with {@code reader.thread=false} the shared one.
	 */
	private final CachingConnectionFactory ours;

	private final int n;

	private final int prefetch;

	private final long brokerPid;

	private final List<String> leftovers = new ArrayList<>();

	private RabbitBenchmark(int n, int prefetch) {
		this.n = n;
		this.prefetch = prefetch;
		this.raw = new ConnectionFactory();
		this.raw.setHost(System.getProperty("rabbit.host", "127.0.0.1"));
		this.raw.setPort(Integer.getInteger("rabbit.port", 5672));
		this.raw.setUsername("guest");
		this.raw.setPassword("guest");
		this.spring = new CachingConnectionFactory(this.raw);
		if (Boolean.parseBoolean(System.getProperty("reader.thread", "true"))) {
			this.ours = new CachingConnectionFactory(this.raw);
			RabbitSources.deliverOnReaderThread(this.ours);
		}
		else {
			this.ours = this.spring;
		}
		this.brokerPid = Cpu.find("beam.smp");
	}

	/**
	 * Runs the benchmark and prints the table.
	 * @param args unused
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("messages", 300_000);
		int rounds = Integer.getInteger("rounds", 3);
		int prefetch = Integer.getInteger("prefetch", 300);
		List<String> sides = List.of(System.getProperty("sides", "ours,bare,spring").split(","));
		RabbitBenchmark benchmark = new RabbitBenchmark(n, prefetch);
		System.out.printf("RabbitMQ: N = %,d × %d B, prefetch %d, %d rounds, broker pid %d, %d cores%n", n, PAYLOAD,
				prefetch, rounds, benchmark.brokerPid, Runtime.getRuntime().availableProcessors());
		System.out.println((benchmark.ours != benchmark.spring)
				? "ours: on a connection of its own, its consumer callbacks on the client's reader thread"
				: "ours: on the connection of the other sides, its consumer callbacks on the client's dispatch thread");
		int warmups = Integer.getInteger("warmups", 3);
		List<Sample> samples = new ArrayList<>();
		try {
			for (int r = -warmups; r < rounds; r++) {
				for (int i = 0; i < sides.size(); i++) {
					String side = sides.get((r + warmups + i) % sides.size());
					Sample sample = benchmark.round(side, "brokerbench." + side + "." + r + "." + System.nanoTime());
					System.out.println(((r < 0) ? "   warm-up " : "   ") + sample.describe());
					if (r >= 0) {
						samples.add(sample);
					}
				}
			}
		}
		finally {
			benchmark.close();
		}
		BrokerReport.print(System.out, String.format("RabbitMQ drain of %,d × %d B, prefetch %d (broker pid %d)", n,
				PAYLOAD, prefetch, benchmark.brokerPid), samples, "bare");
		BrokerReport.printByBrokerMode(System.out, samples, "bare");
	}

	private Sample round(String side, String queue) throws Exception {
		this.leftovers.add(queue);
		prefill(queue);
		Tally tally = new Tally(this.n);
		Sample sample = switch (side) {
			case "ours" -> ours(queue, tally, side);
			case "ours-metrics", "ours-obs", "ours-virtual" -> ours(queue, tally, side);
			case "bare" -> bare(queue, tally);
			case "spring" -> spring(queue, tally);
			default -> throw new IllegalArgumentException("Unknown side '" + side
					+ "': use ours, ours-metrics, ours-obs, ours-virtual (Java 21 or later), bare or spring.");
		};
		tally.check(side);
		Thread.sleep(500);
		long left = depth(queue);
		if (left != 0) {
			throw new IllegalStateException(side + ": " + left + " messages left in " + queue
					+ " after the consumer stopped (unacknowledged or not consumed)");
		}
		delete(queue);
		return sample;
	}

	private void prefill(String queue) throws IOException, TimeoutException, InterruptedException {
		long start = System.nanoTime();
		try (Connection connection = this.raw.newConnection("brokerbench-publisher");
				Channel channel = connection.createChannel()) {
			channel.queueDeclare(queue, false, false, false, null);
			byte[] body = new byte[PAYLOAD];
			ByteBuffer buffer = ByteBuffer.wrap(body);
			for (long i = 0; i < this.n; i++) {
				buffer.putLong(0, i);
				channel.basicPublish("", queue, null, body);
			}
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (depth(queue) < this.n) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("prefill of " + queue + ": only " + depth(queue) + " of " + this.n);
			}
			Thread.sleep(100);
		}
		System.out.printf("   prefilled %s: %,d in %.1f s%n", queue, this.n, (System.nanoTime() - start) / 1e9);
		Thread.sleep(1000);
	}

	private Sample ours(String queue, Tally tally, String side) throws Exception {
		RabbitSourceProperties properties = new RabbitSourceProperties();
		properties.setQueue(queue);
		properties.setPrefetch(this.prefetch);
		String linger = System.getProperty("linger");
		if (linger != null) {
			properties.setLinger(Duration.parse(linger));
		}
		IntFunction<Source<byte[]>> factory = RabbitSources.create(this.ours, properties, "rabbit", this.prefetch);
		List<RabbitSource> made = new ArrayList<>();
		PipelineSpec<byte[]> spec = Pipeline.<byte[]>builder("rabbit").sources(1, (index) -> {
			Source<byte[]> source = factory.apply(index);
			if (source instanceof RabbitSource rabbit) {
				made.add(rabbit);
			}
			return source;
		})
			.processors((p) -> p.concurrency(2).maxDemand(50))
			.onMessage((m) -> m)
			.batcher(Message.DEFAULT_BATCHER, (b) -> b.batchSize(100).handler((batch, info) -> {
				for (Message<byte[]> m : batch) {
					tally.record(sequence(m.data()));
				}
				return batch;
			}))
			.build();
		MeterRegistry meters = new SimpleMeterRegistry();
		switch (side) {
			case "ours-metrics" -> spec = spec.toBuilder().listener(new PipelineMetrics(meters)).build();
			case "ours-obs" -> {
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
				spec = new PipelineObservations(registry).observe(spec, new PipelineMessaging("rabbitmq", queue, null));
			}
			case "ours-virtual" -> spec = spec.toBuilder().threads(ThreadMode.VIRTUAL).build();
			default -> {
			}
		}
		Pipeline<byte[]> pipeline = Pipeline.create(spec);
		Stopwatch watch = Stopwatch.start(this.brokerPid);
		pipeline.start();
		Sample sample = watch.stop(side, tally, TIMEOUT_SECONDS);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != this.n || stats.failed() != 0) {
			throw new IllegalStateException(side + ": unclean end: " + drained + ", " + stats);
		}
		for (RabbitSource source : made) {
			System.out.println("      " + side + ": " + source.stats() + " (the bare consumer sends " + (this.n / 100)
					+ " acknowledgement frames)");
		}
		return sample;
	}

	private Sample bare(String queue, Tally tally) throws Exception {
		try (Connection connection = this.raw.newConnection("brokerbench-bare")) {
			Channel channel = connection.createChannel();
			channel.basicQos(this.prefetch);
			AtomicLong delivered = new AtomicLong();
			CountDownLatch lastAck = new CountDownLatch(1);
			Stopwatch watch = Stopwatch.start(this.brokerPid);
			channel.basicConsume(queue, false, new DefaultConsumer(channel) {

				@Override
				public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
						byte[] body) throws IOException {
					tally.record(sequence(body));
					long count = delivered.incrementAndGet();
					if (count % 100 == 0 || count == RabbitBenchmark.this.n) {
						channel.basicAck(envelope.getDeliveryTag(), true);
						if (count == RabbitBenchmark.this.n) {
							lastAck.countDown();
						}
					}
				}

			});
			Sample sample = watch.stop("bare", tally, TIMEOUT_SECONDS);
			if (!lastAck.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("bare: the last acknowledgement was not sent");
			}
			channel.close();
			return sample;
		}
	}

	private Sample spring(String queue, Tally tally) throws Exception {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.spring);
		container.setQueueNames(queue);
		container.setPrefetchCount(this.prefetch);
		container.setConsumerBatchEnabled(true);
		container.setBatchSize(100);
		container.setAcknowledgeMode(AcknowledgeMode.AUTO);
		container.setMessageListener((BatchMessageListener) (messages) -> {
			for (org.springframework.amqp.core.Message m : messages) {
				tally.record(sequence(m.getBody()));
			}
		});
		container.afterPropertiesSet();
		Stopwatch watch = Stopwatch.start(this.brokerPid);
		container.start();
		try {
			return watch.stop("spring", tally, TIMEOUT_SECONDS);
		}
		finally {
			container.stop();
			container.destroy();
		}
	}

	static long sequence(byte[] body) {
		return ByteBuffer.wrap(body).getLong(0);
	}

	private long depth(String queue) throws IOException, TimeoutException {
		try (Connection connection = this.raw.newConnection("brokerbench-admin");
				Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue).getMessageCount();
		}
	}

	private void delete(String queue) throws IOException, TimeoutException {
		try (Connection connection = this.raw.newConnection("brokerbench-admin");
				Channel channel = connection.createChannel()) {
			channel.queueDelete(queue);
		}
		this.leftovers.remove(queue);
	}

	private void close() {
		for (String queue : List.copyOf(this.leftovers)) {
			try {
				delete(queue);
				System.out.println("   deleted " + queue);
			}
			catch (IOException | TimeoutException | RuntimeException ex) {
				System.err.println("could not delete " + queue + ": " + ex);
			}
		}
		this.spring.destroy();
		if (this.ours != this.spring) {
			this.ours.destroy();
		}
	}

}
