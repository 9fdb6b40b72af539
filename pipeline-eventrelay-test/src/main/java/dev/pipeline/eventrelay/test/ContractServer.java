package dev.pipeline.eventrelay.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.pipeline.eventrelay.grpc.Event;
import dev.pipeline.eventrelay.grpc.NewEvent;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A contract server of the EventRelay gRPC API, on loopback: the calls the EventRelay
 * source relies on, with their semantics, and nothing of EventRelay itself.
 *
 * <ul>
 * <li>{@code PublishEvents} appends events to a topic, and queues them for every
 * destination of that topic;</li>
 * <li>{@code PullQueuedEvents} returns up to {@code batch_size} queued events of a
 * destination and locks them for it: no later pull of that destination returns them;</li>
 * <li>{@code UnLockQueuedEvents} releases locked events by id, and the next pull returns
 * them first;</li>
 * <li>{@code Destinations.CreateDestination} creates a destination of type api on a
 * topic; so does {@link #createDestination(String)};</li>
 * <li>with a token, every call needs {@code authorization: Bearer <token>}, or fails with
 * UNAUTHENTICATED; a publish-only token may publish, and its pulls and unlocks fail with
 * PERMISSION_DENIED; with key material, it speaks TLS, and with trust material it
 * requires a client certificate (mutual TLS).</li>
 * </ul>
 *
 * <p>
 * Its state outlives {@link #stop()}: {@link #start()} again serves the same topics,
 * queues and locks on the same port, as a restarted EventRelay would.
 *
 * <pre class="code">
 * try (ContractServer server = ContractServer.builder().token("secret").build().start()) {
 *     String destination = server.createDestination("orders");
 *     server.publish("orders", events);
 *     // point the source at 127.0.0.1:server.port()
 * }
 * </pre>
 *
 * <p>
 * {@link ContractServerConsole} runs one in a process of its own.
 *
 * @since 0.2.0
 */
public final class ContractServer implements AutoCloseable {

	private final ContractStore store = new ContractStore();

	private final @Nullable String token;

	private final @Nullable String publishOnlyToken;

	private final @Nullable KeyManagerFactory keyManagers;

	private final @Nullable TrustManagerFactory clientTrust;

	private final Duration pullAnswerDelay;

	private int port;

	private @Nullable Server server;

	private @Nullable ScheduledExecutorService timer;

	private ContractServices.@Nullable Events events;

	private int mostPullsInFlightBefore;

	private ContractServer(Builder builder) {
		this.pullAnswerDelay = builder.pullAnswerDelay;
		this.token = builder.token;
		this.publishOnlyToken = builder.publishOnlyToken;
		this.keyManagers = builder.keyManagers;
		this.clientTrust = builder.clientTrust;
		this.port = builder.port;
	}

	/**
	 * @return a builder of a plaintext server without a token, on a free port
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts serving, on the port it had before when restarted.
	 * @return this server
	 * @throws IOException when the port cannot be bound
	 * @throws IllegalStateException when it is running
	 */
	public synchronized ContractServer start() throws IOException {
		if (this.server != null) {
			throw new IllegalStateException("The contract server is already running on port " + this.port);
		}
		if (!this.pullAnswerDelay.isZero()) {
			this.timer = Executors.newSingleThreadScheduledExecutor((work) -> {
				Thread thread = new Thread(work, "contract-server-answers");
				thread.setDaemon(true);
				return thread;
			});
		}
		this.events = new ContractServices.Events(this.store, this.timer, this.pullAnswerDelay.toNanos());
		NettyServerBuilder builder = NettyServerBuilder
			.forAddress(new InetSocketAddress("127.0.0.1", this.port), credentials())
			.directExecutor()
			.addService(ServerInterceptors.intercept(this.events, interceptors()))
			.addService(ServerInterceptors.intercept(new ContractServices.Destinations(this.store), interceptors()));
		Server started = builder.build().start();
		this.port = started.getPort();
		this.server = started;
		return this;
	}

	/**
	 * Stops serving: calls in flight finish (within 1 s), new ones fail with UNAVAILABLE;
	 * the state is kept for the next {@link #start()}.
	 */
	public synchronized void stop() {
		Server running = this.server;
		if (running == null) {
			return;
		}
		this.server = null;
		ContractServices.Events stopped = this.events;
		if (stopped != null) {
			this.mostPullsInFlightBefore = Math.max(this.mostPullsInFlightBefore, stopped.mostPullsInFlight());
		}
		running.shutdown();
		try {
			if (!running.awaitTermination(1, TimeUnit.SECONDS)) {
				running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.shutdownNow();
			Thread.currentThread().interrupt();
		}
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * @return the port it listens on (after {@link #start()}), on 127.0.0.1
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return whether it is serving
	 */
	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Creates a destination of type api on a topic; it queues every event of the topic,
	 * those published before included.
	 * @param topic the topic's name
	 * @return the destination's id
	 */
	public String createDestination(String topic) {
		return this.store.createDestination(topic);
	}

	/**
	 * Publishes events, as {@code PublishEvents} does.
	 * @param topic the topic
	 * @param events the events
	 * @return the events as stored, with their ids and offsets
	 */
	public List<Event> publish(String topic, List<NewEvent> events) {
		return this.store.publish(topic, events);
	}

	/**
	 * Drops a topic with its events and its destinations, whose pulls and unlocks then
	 * fail with NOT_FOUND; a later publish to the same name starts a new topic. It lets a
	 * long-running server give back the memory of topics nobody reads any more.
	 * @param topic the topic's name
	 * @return how many events the topic held, 0 when there was no such topic
	 */
	public int forgetTopic(String topic) {
		return this.store.forget(topic);
	}

	/**
	 * Reads a destination's figures.
	 * @param destinationId the destination
	 * @return its queue, its locks and what its pulls did
	 */
	public DestinationStats stats(String destinationId) {
		return this.store.stats(destinationId);
	}

	/**
	 * @param destinationId the destination
	 * @return the events locked for it (pulled and not unlocked), in the order they were
	 * locked
	 */
	public List<Event> locked(String destinationId) {
		return this.store.locked(destinationId);
	}

	/**
	 * @return the most {@code PullQueuedEvents} calls this server held at once (arrived,
	 * not answered yet), over every destination and since it was built
	 */
	public synchronized int mostPullsInFlight() {
		ContractServices.Events running = this.events;
		return Math.max(this.mostPullsInFlightBefore, (running != null) ? running.mostPullsInFlight() : 0);
	}

	/**
	 * Sets what is told of each pull, inside the destination's lock (so a reading taken
	 * there is exact); {@code null} for nothing.
	 * @param observer the observer
	 */
	public void onPull(@Nullable PullObserver observer) {
		this.store.observe(observer);
	}

	private ServerCredentials credentials() {
		if (this.keyManagers == null) {
			return InsecureServerCredentials.create();
		}
		TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
			.keyManager(this.keyManagers.getKeyManagers());
		if (this.clientTrust != null) {
			tls.trustManager(this.clientTrust.getTrustManagers()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
		}
		return tls.build();
	}

	private io.grpc.ServerInterceptor[] interceptors() {
		return (this.token != null)
				? new io.grpc.ServerInterceptor[] {
						new ContractServices.BearerTokenCheck(this.token, this.publishOnlyToken) }
				: new io.grpc.ServerInterceptor[0];
	}

	/** Told of each pull. */
	@FunctionalInterface
	public interface PullObserver {

		/**
		 * Called inside the destination's lock, on a server thread; must not block.
		 * @param destinationId the destination
		 * @param returned the events this pull returned (and locked)
		 * @param locked the events locked for the destination now, this pull's included
		 */
		void pulled(String destinationId, int returned, int locked);

	}

	/**
	 * A destination's figures.
	 *
	 * @param queued events waiting for a pull
	 * @param locked events locked now (pulled and not unlocked)
	 * @param pulls pulls made
	 * @param lockedTotal events ever locked, those unlocked and locked again counted each
	 * time
	 * @param unlockedTotal events ever unlocked
	 */
	public record DestinationStats(int queued, int locked, long pulls, long lockedTotal, long unlockedTotal) {
	}

	/** Builds a {@link ContractServer}. */
	public static final class Builder {

		private @Nullable String token;

		private @Nullable String publishOnlyToken;

		private @Nullable KeyManagerFactory keyManagers;

		private @Nullable TrustManagerFactory clientTrust;

		private int port;

		private Duration pullAnswerDelay = Duration.ZERO;

		private Builder() {
		}

		/**
		 * Answers each {@code PullQueuedEvents} call this long after it arrives (its
		 * events are locked at once), as a distant or busy server does.
		 * @param delay the delay, zero for none
		 * @return this builder
		 */
		public Builder pullAnswerDelay(Duration delay) {
			this.pullAnswerDelay = delay;
			return this;
		}

		/**
		 * @param bearerToken the token every call must carry
		 * @return this builder
		 */
		public Builder token(String bearerToken) {
			this.token = bearerToken;
			return this;
		}

		/**
		 * Accepts a second token that may only publish: its pulls and unlocks fail with
		 * PERMISSION_DENIED, as a key without consumer rights does. Needs
		 * {@link #token(String)}.
		 * @param bearerToken the publish-only token
		 * @return this builder
		 */
		public Builder publishOnlyToken(String bearerToken) {
			this.publishOnlyToken = bearerToken;
			return this;
		}

		/**
		 * Serves TLS.
		 * @param serverKeys the server's certificate and key
		 * @return this builder
		 */
		public Builder tls(KeyManagerFactory serverKeys) {
			this.keyManagers = serverKeys;
			return this;
		}

		/**
		 * Requires a client certificate trusted by {@code trust} (mutual TLS); needs
		 * {@link #tls(KeyManagerFactory)}.
		 * @param trust the trusted client certificates
		 * @return this builder
		 */
		public Builder requireClientCertificate(TrustManagerFactory trust) {
			this.clientTrust = trust;
			return this;
		}

		/**
		 * @param listenPort the port on 127.0.0.1, or 0 for a free one
		 * @return this builder
		 */
		public Builder port(int listenPort) {
			this.port = listenPort;
			return this;
		}

		/**
		 * @return the server, not started
		 */
		public ContractServer build() {
			if (this.clientTrust != null && this.keyManagers == null) {
				throw new IllegalStateException("A client certificate needs TLS: call tls(serverKeys) too.");
			}
			if (this.publishOnlyToken != null && this.token == null) {
				throw new IllegalStateException("A publish-only token needs a token: call token(bearerToken) too.");
			}
			return new ContractServer(this);
		}

	}

}
