package dev.pipeline.eventrelay;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

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
 * @param backOff the delays between attempts after a failed call
 */
record SourceConfig(String pipeline, String destinationId, String host, int port, @Nullable String token,
		@Nullable EventRelayTls tls, Duration pullInterval, int maxBatchSize, EventRelayFailureMode onFailure,
		Duration deadline, BackOff backOff) {

	BackOffSteps backOffSteps() {
		return new BackOffSteps(this.backOff);
	}

}
