package dev.pipeline.bench.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.pipeline.bench.LatencyHistogram;
import dev.pipeline.rabbitmq.RabbitSourceProperties;
import dev.pipeline.rabbitmq.RabbitSources;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The latency a RabbitMQ consumer adds at a fixed offered load: a publisher in the same
 * JVM sends messages carrying {@code System.nanoTime()} at a fixed rate, and each side
 * records, for every message, the time from its publication to its handler. Sides: our
 * pipeline's processors with the source's {@code linger} off ({@code ours-0}) and at its
 * default ({@code ours-500us}), and a bare {@code amqp-client} consumer. This measures
 * what the linger costs: a delivery that arrives within the linger of the previous one
 * waits for its group.
 *
 * <pre>
 * ours    RabbitSource (prefetch 300, linger L) ─► processor ×2 (max-demand 50): latency recorded here ─► ack
 * bare    DefaultConsumer (basicQos 300): latency recorded in handleDelivery, basicAck(multiple) every 100
 * </pre>
 *
 * <p>
 * Run (RabbitMQ on 127.0.0.1:5672, guest/guest):
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.RabbitLatencyBenchmark
 * </pre>
 *
 * System properties: {@code rates} (1000,5000,20000 messages/s), {@code seconds} (5 per
 * run), {@code sides} (bare,ours-0,ours-500us), {@code reader.thread} (true, as the
 * starter does by default: ours' consumer callbacks on the client's reader thread, on a
 * connection of its own; false: on the client's dispatch thread).
 */
public final class RabbitLatencyBenchmark {

	private static final int PAYLOAD = 200;

	private final ConnectionFactory raw = new ConnectionFactory();

	/** Ours' connection factory. */
	private final CachingConnectionFactory ours;

	private RabbitLatencyBenchmark() {
		this.raw.setHost("127.0.0.1");
		this.raw.setUsername("guest");
		this.raw.setPassword("guest");
		this.ours = new CachingConnectionFactory(this.raw);
		boolean readerThread = Boolean.parseBoolean(System.getProperty("reader.thread", "true"));
		if (readerThread) {
			RabbitSources.deliverOnReaderThread(this.ours);
		}
		System.out.println(readerThread ? "ours: its consumer callbacks on the client's reader thread"
				: "ours: its consumer callbacks on the client's dispatch thread");
	}

	/**
	 * Runs every side at every rate and prints the table.
	 * @param args unused
	 * @throws Exception when a run loses or duplicates a message
	 */
	public static void main(String[] args) throws Exception {
		List<Integer> rates = new ArrayList<>();
		for (String rate : System.getProperty("rates", "1000,5000,20000").split(",")) {
			rates.add(Integer.parseInt(rate.trim()));
		}
		int seconds = Integer.getInteger("seconds", 5);
		List<String> sides = List.of(System.getProperty("sides", "bare,ours-0,ours-500us").split(","));
		RabbitLatencyBenchmark benchmark = new RabbitLatencyBenchmark();
		List<Row> rows = new ArrayList<>();
		try {
			benchmark.run("ours-500us", 2000, 2, null);
			for (int rate : rates) {
				for (String side : sides) {
					benchmark.run(side, rate, seconds, rows);
				}
			}
		}
		finally {
			benchmark.ours.destroy();
		}
		System.out.println("## RabbitMQ latency, publication to handler, µs (" + seconds
				+ " s per run; / bare: at the same rate, same invocation)");
		System.out
			.println("| side | offered msg/s | messages | p50 | p90 | p99 | p99.9 | max | p50 / bare | p99 / bare |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|");
		for (Row row : rows) {
			Row bare = rows.stream()
				.filter((other) -> other.side.equals("bare") && other.rate == row.rate)
				.findFirst()
				.orElse(null);
			System.out.println(row.format(bare));
		}
	}

	private void run(String side, int rate, int seconds, List<Row> rows) throws Exception {
		String queue = "brokerbench.latency." + side + "." + System.nanoTime();
		int n = rate * seconds;
		LatencyHistogram histogram = new LatencyHistogram();
		Tally tally = new Tally(n);
		try (Connection admin = this.raw.newConnection("brokerbench-latency-admin");
				Channel channel = admin.createChannel()) {
			channel.queueDeclare(queue, false, false, false, null);
			AutoCloseable consumer = side.startsWith("ours-") ? ours(queue, side, histogram, tally)
					: bare(queue, histogram, tally);
			try {
				publish(queue, rate, n);
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (tally.seen() < n && System.nanoTime() < deadline) {
					LockSupport.parkNanos(10_000_000);
				}
				tally.check(side);
			}
			finally {
				consumer.close();
				channel.queueDelete(queue);
			}
		}
		if (rows != null) {
			Row row = new Row(side, rate, histogram.count(), histogram.percentileMicros(50),
					histogram.percentileMicros(90), histogram.percentileMicros(99), histogram.percentileMicros(99.9),
					histogram.maxMicros());
			rows.add(row);
			System.out.println("   " + row.format(null));
		}
	}

	/** One run's percentiles, in µs. */
	private record Row(String side, int rate, long count, long p50, long p90, long p99, long p999, long max) {

		String format(Row bare) {
			String ratios = (bare != null && bare != this)
					? String.format(" %.2f | %.2f |", (double) this.p50 / bare.p50, (double) this.p99 / bare.p99)
					: " – | – |";
			return String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d |", this.side, this.rate, this.count,
					this.p50, this.p90, this.p99, this.p999, this.max) + ratios;
		}

	}

	private void publish(String queue, int rate, int n) throws Exception {
		try (Connection connection = this.raw.newConnection("brokerbench-latency-publisher");
				Channel channel = connection.createChannel()) {
			byte[] body = new byte[PAYLOAD];
			ByteBuffer buffer = ByteBuffer.wrap(body);
			long interval = 1_000_000_000L / rate;
			long next = System.nanoTime();
			for (long i = 0; i < n; i++) {
				long wait = next - System.nanoTime();
				if (wait > 50_000) {
					LockSupport.parkNanos(wait);
				}
				while (System.nanoTime() < next) {
					Thread.onSpinWait();
				}
				buffer.putLong(0, i);
				buffer.putLong(8, System.nanoTime());
				channel.basicPublish("", queue, null, body);
				next += interval;
			}
		}
	}

	private AutoCloseable ours(String queue, String side, LatencyHistogram histogram, Tally tally) throws Exception {
		RabbitSourceProperties properties = new RabbitSourceProperties();
		properties.setQueue(queue);
		properties.setPrefetch(300);
		properties.setLinger(side.equals("ours-0") ? Duration.ZERO : Duration.ofNanos(500_000));
		Pipeline<byte[]> pipeline = Pipeline.create(Pipeline.<byte[]>builder("latency")
			.sources(1, RabbitSources.create(this.ours, properties, "latency", 300))
			.processors((p) -> p.concurrency(2).maxDemand(50))
			.onMessage((m) -> {
				record(m.data(), histogram, tally);
				return m;
			})
			.build());
		pipeline.start();
		return () -> {
			DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
			if (!drained.completed()) {
				throw new IllegalStateException(side + ": unclean drain " + drained);
			}
		};
	}

	private AutoCloseable bare(String queue, LatencyHistogram histogram, Tally tally) throws Exception {
		Connection connection = this.raw.newConnection("brokerbench-latency-bare");
		Channel channel = connection.createChannel();
		channel.basicQos(300);
		AtomicLong delivered = new AtomicLong();
		channel.basicConsume(queue, false, new DefaultConsumer(channel) {

			@Override
			public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
					byte[] body) throws IOException {
				record(body, histogram, tally);
				if (delivered.incrementAndGet() % 100 == 0) {
					channel.basicAck(envelope.getDeliveryTag(), true);
				}
			}

		});
		return () -> {
			channel.basicAck(0, true);
			connection.close();
		};
	}

	private static void record(byte[] body, LatencyHistogram histogram, Tally tally) {
		ByteBuffer buffer = ByteBuffer.wrap(body);
		histogram.record(System.nanoTime() - buffer.getLong(8));
		tally.record(buffer.getLong(0));
	}

}
