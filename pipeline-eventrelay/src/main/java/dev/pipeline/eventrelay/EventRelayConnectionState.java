package dev.pipeline.eventrelay;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether an EventRelay source reaches its destination, as its last call found: a
 * framework turns it into health (UP, DOWN with the gRPC status in the details).
 *
 * @param status up, down, or unknown before the first call answered
 * @param code the gRPC status code of the call that failed (e.g. {@code UNAVAILABLE},
 * {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}), or {@code null} when up
 * @param description the status's description, or {@code null}
 * @param since when the source entered this status
 * @since 0.2.0
 */
public record EventRelayConnectionState(Status status, @Nullable String code, @Nullable String description,
		Instant since) {

	/**
	 * @return the state of a source whose first call has not answered yet
	 */
	public static EventRelayConnectionState unknown() {
		return new EventRelayConnectionState(Status.UNKNOWN, null, null, Instant.now());
	}

	/**
	 * @return whether the last call succeeded
	 */
	public boolean isUp() {
		return this.status == Status.UP;
	}

	/** The connection's status. */
	public enum Status {

		/** No call has answered yet. */
		UNKNOWN,

		/** The last call succeeded. */
		UP,

		/** The last call failed; {@link #code()} says how. */
		DOWN

	}

}
