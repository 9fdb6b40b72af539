package dev.pipeline.eventrelay;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable settings of the EventRelay sources of one pipeline.
 *
 * @param pipeline the pipeline's name
 * @param destinationId the destination to pull from
 * @param host the host of the gRPC API
 * @param port its port
 * @param token the bearer token, or {@code null}
 * @param tls the TLS material, or {@code null} for plaintext
 * @param pullInterval the wait after an empty pull
 * @param maxBatchSize the most events one pull asks for
 * @param onFailure what happens to a failed event
 * @param deadline how long one call may take
 * @param delay the first retry delay
 * @param multiplier how much longer each retry delay is
 * @param maxDelay the longest retry delay
 * @param jitter the random move of a retry delay
 */
record SourceConfig(String pipeline, String destinationId, String host, int port, @Nullable String token,
		@Nullable EventRelayTls tls, Duration pullInterval, int maxBatchSize, EventRelayFailureMode onFailure,
		Duration deadline, Duration delay, double multiplier, Duration maxDelay, Duration jitter) {

	RetryDelays retryDelays() {
		return new RetryDelays(this.delay, this.multiplier, this.maxDelay, this.jitter);
	}

}
