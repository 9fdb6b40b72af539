package dev.pipeline.eventrelay;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The settings of an EventRelay source, as a plain JavaBean: a framework binds it from
 * its configuration (the property names follow the field names, {@code destination-id},
 * {@code pull-interval}...), and plain Java code sets it directly. The delays between
 * attempts after a failed call are a {@link org.springframework.util.backoff.BackOff}
 * given to {@link EventRelaySources#create}. Nothing is checked here:
 * {@link EventRelaySources#create} validates the whole and names each bad setting under
 * {@code producer.eventrelay}.
 *
 * <p>
 * TLS is not a setting here: the key and trust material are passed to
 * {@link EventRelaySources#create} as an {@link EventRelayTls}, so that a framework can
 * take them from its own store of certificates.
 *
 * @since 0.2.0
 */
public class EventRelaySourceSettings {

	/** The id of the EventRelay destination (of type api) to pull queued events from. */
	private @Nullable String destinationId;

	/** The host of EventRelay's gRPC API. */
	private String host = "localhost";

	/** The port of EventRelay's gRPC API. */
	private int port = 50051;

	/** The API key's token, sent as a bearer token with every call. */
	private @Nullable String token;

	/** How long to wait after a pull that found no events before pulling again. */
	private Duration pullInterval = Duration.ofSeconds(1);

	/**
	 * The most events one pull asks for; a pull asks for the pipeline's outstanding
	 * demand, up to this. Up to two pulls are in flight; a pull starts when this much is
	 * demanded beyond those in flight (or all the pipeline demands, when that is less),
	 * or, with none in flight, a moment after the demand arrived.
	 */
	private int maxBatchSize = 500;

	/** What happens to an event whose processing failed. */
	private EventRelayFailureMode onFailure = EventRelayFailureMode.UNLOCK;

	/**
	 * How long one call to EventRelay may take before it fails with DEADLINE_EXCEEDED.
	 */
	private Duration deadline = Duration.ofSeconds(10);

	public @Nullable String getDestinationId() {
		return this.destinationId;
	}

	public void setDestinationId(@Nullable String destinationId) {
		this.destinationId = destinationId;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public Duration getPullInterval() {
		return this.pullInterval;
	}

	public void setPullInterval(Duration pullInterval) {
		this.pullInterval = pullInterval;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public EventRelayFailureMode getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(EventRelayFailureMode onFailure) {
		this.onFailure = onFailure;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

}
