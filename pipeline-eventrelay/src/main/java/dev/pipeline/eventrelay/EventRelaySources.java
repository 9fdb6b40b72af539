package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntFunction;

import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Makes the EventRelay sources of a pipeline, one per producer, from validated settings,
 * and keeps the current ones so that their connection state and figures can be read.
 *
 * <pre class="code">
 * EventRelaySourceSettings settings = new EventRelaySourceSettings();
 * settings.setDestinationId("2a6e…");
 * settings.setToken(token);
 * EventRelaySources sources = EventRelaySources.create(settings, "orders", EventRelayTls.trusting(trustManagers));
 * Pipeline&lt;byte[]&gt; pipeline = Pipeline.create(Pipeline.&lt;byte[]&gt;builder("orders")
 *     .sources(1, sources)
 *     ...
 *     .build());
 * </pre>
 *
 * <p>
 * Thread-safe: the pipeline calls {@link #apply(int)} at each start, from its lifecycle
 * thread; {@link #connectionState()} and {@link #stats()} may be called from any thread.
 *
 * @since 0.2.0
 */
public final class EventRelaySources implements IntFunction<Source<byte[]>> {

	/** Where the settings live under a pipeline, for error messages. */
	static final String KEY = "producer.eventrelay.";

	private final SourceConfig config;

	private final EventRelayClient.Factory clients;

	private final Map<Integer, EventRelaySource> current = new ConcurrentSkipListMap<>();

	EventRelaySources(SourceConfig config, EventRelayClient.Factory clients) {
		this.config = config;
		this.clients = clients;
	}

	/**
	 * Validates the settings and returns the factory of a pipeline's sources.
	 * @param settings the settings
	 * @param pipelineName the pipeline's name, for thread names and error messages
	 * @param tls the TLS material, or {@code null} to connect in plaintext
	 * @return makes the source of each producer index
	 * @throws PipelineConfigurationException naming the setting, under
	 * {@code producer.eventrelay}, when one cannot work
	 */
	public static EventRelaySources create(EventRelaySourceSettings settings, String pipelineName,
			@Nullable EventRelayTls tls) {
		return create(settings, pipelineName, tls, defaultBackOff());
	}

	/**
	 * Returns the delays between attempts after a failed call when none are given: 500ms,
	 * doubling up to 30s, each moved at random by up to 250ms, for as long as the source
	 * runs.
	 * @return Spring Framework's exponential back-off with those delays
	 */
	public static BackOff defaultBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setJitter(250);
		return backOff;
	}

	/**
	 * Validates the settings and returns the factory of a pipeline's sources.
	 * @param settings the settings
	 * @param pipelineName the pipeline's name, for thread names and error messages
	 * @param tls the TLS material, or {@code null} to connect in plaintext
	 * @param backOff the delays between attempts after a failed pull or unlock call; the
	 * first failure after a success starts an execution, and when it stops the source
	 * stops pulling (or leaves failed events to their lock's expiry)
	 * @return makes the source of each producer index
	 * @throws PipelineConfigurationException naming the setting, under
	 * {@code producer.eventrelay}, when one cannot work
	 */
	public static EventRelaySources create(EventRelaySourceSettings settings, String pipelineName,
			@Nullable EventRelayTls tls, BackOff backOff) {
		SourceConfig config = validate(settings, pipelineName, tls, backOff);
		return new EventRelaySources(config, (callbacks) -> new GrpcEventRelayClient(config, callbacks));
	}

	@Override
	public Source<byte[]> apply(int index) {
		EventRelaySource source = new EventRelaySource(this.config, this.clients, index);
		this.current.put(index, source);
		return source;
	}

	/**
	 * @return the sources made for the pipeline's last start, by producer index
	 */
	public List<EventRelaySource> sources() {
		return List.copyOf(this.current.values());
	}

	/**
	 * Sums up the connection state of the current sources: DOWN (with the first failing
	 * source's status) when one is down, UP when all have answered, UNKNOWN before that.
	 * @return the state
	 */
	public EventRelayConnectionState connectionState() {
		EventRelayConnectionState up = null;
		EventRelayConnectionState unknown = null;
		for (EventRelaySource source : this.current.values()) {
			EventRelayConnectionState state = source.connectionState();
			switch (state.status()) {
				case DOWN -> {
					return state;
				}
				case UP -> up = state;
				case UNKNOWN -> unknown = state;
			}
		}
		if (unknown != null || up == null) {
			return (unknown != null) ? unknown : EventRelayConnectionState.unknown();
		}
		return up;
	}

	/**
	 * @return the figures of the current sources, summed
	 */
	public EventRelaySourceStats stats() {
		EventRelaySourceStats sum = new EventRelaySourceStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
		for (EventRelaySource source : this.current.values()) {
			sum = sum.plus(source.stats());
		}
		return sum;
	}

	/**
	 * @return the destination the sources pull from
	 */
	public String destinationId() {
		return this.config.destinationId();
	}

	static SourceConfig validate(EventRelaySourceSettings settings, String pipeline, @Nullable EventRelayTls tls,
			BackOff backOff) {
		String destinationId = settings.getDestinationId();
		if (destinationId == null || destinationId.isBlank()) {
			throw invalid(pipeline, "destination-id", (destinationId != null) ? destinationId : "",
					"must name a destination",
					"Set the id of the EventRelay destination (of type api) to pull queued events from.");
		}
		String host = settings.getHost();
		if (host == null || host.isBlank()) {
			throw invalid(pipeline, "host", (host != null) ? host : "", "must name a host",
					"Set the host of EventRelay's gRPC API, or remove the key to use localhost.");
		}
		int port = settings.getPort();
		if (port < 1 || port > 65_535) {
			throw invalid(pipeline, "port", port, "must be between 1 and 65535",
					"Set the port of EventRelay's gRPC API, or remove the key to use 50051.");
		}
		String token = settings.getToken();
		if (token != null && token.isBlank()) {
			throw invalid(pipeline, "token", token, "must not be blank",
					"Set the API key's token, or remove the key to send none.");
		}
		positive(pipeline, "pull-interval", settings.getPullInterval(), "1s");
		if (settings.getMaxBatchSize() < 1) {
			throw invalid(pipeline, "max-batch-size", settings.getMaxBatchSize(), "must be 1 or more",
					"Set a positive number of events, or remove the key to use the default.");
		}
		if (settings.getOnFailure() == null) {
			throw invalid(pipeline, "on-failure", "", "must be unlock or discard",
					"Set unlock to deliver failed events again, or discard to leave them consumed.");
		}
		positive(pipeline, "deadline", settings.getDeadline(), "10s");
		return new SourceConfig(pipeline, destinationId, host, port, token, tls, settings.getPullInterval(),
				settings.getMaxBatchSize(), settings.getOnFailure(), settings.getDeadline(), backOff);
	}

	private static void positive(String pipeline, String key, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(pipeline, key, (value != null) ? value : "", "must be positive",
					"Set a duration such as " + example + ", or remove the key to use the default.");
		}
	}

	private static PipelineConfigurationException invalid(String pipeline, String key, Object value, String requirement,
			String action) {
		return PipelineConfigurationException.invalid(pipeline, KEY + key, value, requirement, action);
	}

}
