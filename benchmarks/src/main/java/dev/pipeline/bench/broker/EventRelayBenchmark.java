package dev.pipeline.bench.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.eventrelay.EventRelaySourceSettings;
import dev.pipeline.eventrelay.EventRelaySources;
import dev.pipeline.eventrelay.grpc.CreateDestinationRequest;
import dev.pipeline.eventrelay.grpc.DestinationsGrpc;
import dev.pipeline.eventrelay.grpc.Event;
import dev.pipeline.eventrelay.grpc.EventsGrpc;
import dev.pipeline.eventrelay.grpc.NewEvent;
import dev.pipeline.eventrelay.grpc.PublishEventsRequest;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsRequest;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsResponse;
import dev.pipeline.eventrelay.test.ContractServerConsole;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * Drains an EventRelay destination of N queued events with two consumers in turn, in the
 * same JVM, against one contract server running in a process of its own (so its CPU is
 * measured apart): our pipeline with the {@code EventRelaySource}, and a bare grpc-java
 * pull loop. Each round publishes N events of about 200 bytes of JSON (carrying their
 * sequence number) to a fresh topic with a fresh destination per side, then times the
 * drain from the consumer's start to the N-th event handled; the server then drops the
 * topic, so its heap is the same in every round. The order of the sides rotates from one
 * round to the next. Both connect in plaintext with a bearer token.
 *
 * <pre>
 * ours  EventRelaySource (up to two pulls in flight, each of a full batch of 500 while demand allows) ─► processor ×2 (max-demand 500) ─► ack (no call)
 * bare  async stub: PullQueuedEvents(500) ─► handle each event on the callback thread ─► next pull at once
 * </pre>
 *
 * <p>
 * Each run checks its own result: every sequence number from 0 to N - 1 handled exactly
 * once and, once the consumer has stopped, no event left queued at the destination; ours
 * also a clean drain and N succeeded. Any miss throws.
 *
 * <p>
 * Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.pipeline.bench.broker.EventRelayBenchmark
 * </pre>
 *
 * System properties: {@code events} (300000), {@code rounds} (3), {@code warmups} (6: the
 * JIT compilers still work through the third), {@code batch} (500: max-batch-size for
 * ours, the bare loop's batch size), {@code processors} (2), {@code max.demand} (500),
 * {@code sides} (ours,bare).
 */
public final class EventRelayBenchmark {

	private static final String TOKEN = "benchmark-token";

	private static final long TIMEOUT_SECONDS = 300;

	private final int n;

	private final int batch;

	private final Process server;

	/** The contract server's standard output: its answers to commands. */
	private final BufferedReader serverOut;

	/** The contract server's standard input: commands. */
	private final PrintWriter serverIn;

	private final int port;

	private final ManagedChannel admin;

	private EventRelayBenchmark(int n, int batch) throws IOException {
		this.n = n;
		this.batch = batch;
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		this.server = new ProcessBuilder(java.toString(), "-Xms512m", "-Xmx4g", "-cp",
				System.getProperty("java.class.path"), ContractServerConsole.class.getName(), "0", TOKEN)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		this.serverOut = new BufferedReader(
				new InputStreamReader(this.server.getInputStream(), StandardCharsets.UTF_8));
		this.serverIn = new PrintWriter(new OutputStreamWriter(this.server.getOutputStream(), StandardCharsets.UTF_8),
				true);
		String line = this.serverOut.readLine();
		if (line == null || !line.startsWith("listening on 127.0.0.1:")) {
			this.server.destroy();
			throw new IllegalStateException("The contract server did not start: " + line);
		}
		this.port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
		this.admin = channel();
	}

	/**
	 * Runs the benchmark and prints the table.
	 * @param args unused
	 * @throws Exception when a run fails its check
	 */
	public static void main(String[] args) throws Exception {
		int n = Integer.getInteger("events", 300_000);
		int rounds = Integer.getInteger("rounds", 3);
		int warmups = Integer.getInteger("warmups", 6);
		int batch = Integer.getInteger("batch", 500);
		List<String> sides = List.of(System.getProperty("sides", "ours,bare").split(","));
		EventRelayBenchmark benchmark = new EventRelayBenchmark(n, batch);
		System.out.printf("EventRelay: N = %,d events, batch %d, %d rounds, contract server pid %d, %d cores%n", n,
				batch, rounds, benchmark.server.pid(), Runtime.getRuntime().availableProcessors());
		List<Sample> samples = new ArrayList<>();
		try {
			for (int r = -warmups; r < rounds; r++) {
				for (int i = 0; i < sides.size(); i++) {
					String side = sides.get((r + warmups + i) % sides.size());
					Sample sample = benchmark.round(side, "bench." + side + "." + (r + warmups));
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
		BrokerReport.print(System.out,
				String.format("EventRelay drain of %,d events, batch %d (contract server pid %d)", n, batch,
						benchmark.server.pid()),
				samples, "bare");
	}

	private Sample round(String side, String topic) throws Exception {
		String destination = prefill(topic);
		Tally tally = new Tally(this.n);
		Sample sample = switch (side) {
			case "ours" -> ours(destination, tally);
			case "bare" -> bare(destination, tally);
			default -> throw new IllegalArgumentException("Unknown side '" + side + "': use ours or bare.");
		};
		tally.check(side);
		int left = pull(destination, this.batch).size();
		if (left != 0) {
			throw new IllegalStateException(side + ": events left queued at " + destination);
		}
		forget(topic);
		return sample;
	}

	private String prefill(String topic) throws InterruptedException {
		long start = System.nanoTime();
		String destination = DestinationsGrpc.newBlockingStub(this.admin)
			.createDestination(CreateDestinationRequest.newBuilder()
				.setName(topic)
				.setTopicName(topic)
				.setDestinationType("api")
				.build())
			.getDestination()
			.getId();
		String padding = "x".repeat(160);
		EventsGrpc.EventsBlockingStub events = EventsGrpc.newBlockingStub(this.admin);
		for (int from = 0; from < this.n; from += 5_000) {
			PublishEventsRequest.Builder request = PublishEventsRequest.newBuilder().setTopic(topic).setDurable(true);
			for (int i = from; i < Math.min(this.n, from + 5_000); i++) {
				request.addEvents(NewEvent.newBuilder()
					.setName("reading")
					.setData("{\"n\":" + i + ",\"pad\":\"" + padding + "\"}")
					.setSource("bench"));
			}
			events.publishEvents(request.build());
		}
		System.out.printf("   published %s: %,d in %.1f s%n", topic, this.n, (System.nanoTime() - start) / 1e9);
		// Let the server's collector settle after the publishing
		Thread.sleep(1000);
		return destination;
	}

	private Sample ours(String destination, Tally tally) throws Exception {
		EventRelaySourceSettings settings = new EventRelaySourceSettings();
		settings.setDestinationId(destination);
		settings.setHost("127.0.0.1");
		settings.setPort(this.port);
		settings.setToken(TOKEN);
		settings.setMaxBatchSize(this.batch);
		settings.setPullInterval(Duration.ofMillis(100));
		EventRelaySources sources = EventRelaySources.create(settings, "eventrelay", null);
		int processors = Integer.getInteger("processors", 2);
		int maxDemand = Integer.getInteger("max.demand", 500);
		Pipeline<byte[]> pipeline = Pipeline.create(Pipeline.<byte[]>builder("eventrelay")
			.sources(1, sources)
			.processors((p) -> p.concurrency(processors).maxDemand(maxDemand))
			.onMessage((m) -> {
				tally.record(sequence(m.data()));
				return m;
			})
			.build());
		Stopwatch watch = Stopwatch.start(this.server.pid());
		pipeline.start();
		Sample sample = watch.stop("ours", tally, TIMEOUT_SECONDS);
		DrainResult drained = pipeline.drain(Duration.ofSeconds(30));
		PipelineStats stats = pipeline.stats();
		if (!drained.completed() || stats.succeeded() != this.n || stats.failed() != 0) {
			throw new IllegalStateException("ours: unclean end: " + drained + ", " + stats);
		}
		System.out.println("      ours: " + sources.stats());
		return sample;
	}

	private Sample bare(String destination, Tally tally) throws Exception {
		ManagedChannel channel = channel();
		try {
			EventsGrpc.EventsStub stub = EventsGrpc.newStub(channel);
			CountDownLatch done = new CountDownLatch(1);
			Stopwatch watch = Stopwatch.start(this.server.pid());
			new BareLoop(stub, destination, tally, done).pull();
			Sample sample = watch.stop("bare", tally, TIMEOUT_SECONDS);
			if (!done.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("bare: the loop did not end");
			}
			return sample;
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Lets the contract server drop a drained topic, so that its heap, and its garbage
	 * collector's work, stay the same from round to round.
	 */
	private void forget(String topic) throws IOException {
		this.serverIn.println("forget " + topic);
		String answer = this.serverOut.readLine();
		if (answer == null || !answer.startsWith("forgot " + topic + ": " + this.n + " events")) {
			throw new IllegalStateException("The contract server did not drop " + topic + ": " + answer);
		}
	}

	private List<Event> pull(String destination, int size) {
		return EventsGrpc.newBlockingStub(this.admin)
			.pullQueuedEvents(
					PullQueuedEventsRequest.newBuilder().setDestinationId(destination).setBatchSize(size).build())
			.getEventsList();
	}

	private ManagedChannel channel() {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
		ManagedChannel channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.port, InsecureChannelCredentials.create())
			.maxInboundMessageSize(64 * 1024 * 1024)
			.intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
			.build();
		return channel;
	}

	static long sequence(byte[] data) {
		// {"n":123,...
		long value = 0;
		for (int i = 5; i < data.length && data[i] != ','; i++) {
			value = value * 10 + (data[i] - '0');
		}
		return value;
	}

	private void close() {
		this.admin.shutdownNow();
		this.server.destroy();
		try {
			this.server.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The bare client: one pull in flight, each event handled on the callback thread. */
	private final class BareLoop implements StreamObserver<PullQueuedEventsResponse> {

		private final EventsGrpc.EventsStub stub;

		private final PullQueuedEventsRequest request;

		private final Tally tally;

		private final CountDownLatch done;

		private long handled;

		BareLoop(EventsGrpc.EventsStub stub, String destination, Tally tally, CountDownLatch done) {
			this.stub = stub;
			this.request = PullQueuedEventsRequest.newBuilder()
				.setDestinationId(destination)
				.setBatchSize(EventRelayBenchmark.this.batch)
				.build();
			this.tally = tally;
			this.done = done;
		}

		void pull() {
			this.stub.withDeadlineAfter(10, TimeUnit.SECONDS).pullQueuedEvents(this.request, this);
		}

		@Override
		public void onNext(PullQueuedEventsResponse response) {
			for (Event event : response.getEventsList()) {
				this.tally.record(sequence(event.getDataBytes().toByteArray()));
			}
			this.handled += response.getEventsCount();
		}

		@Override
		public void onError(Throwable error) {
			System.err.println("bare: pull failed: " + error);
			this.done.countDown();
		}

		@Override
		public void onCompleted() {
			if (this.handled < EventRelayBenchmark.this.n) {
				pull();
			}
			else {
				this.done.countDown();
			}
		}

	}

}
