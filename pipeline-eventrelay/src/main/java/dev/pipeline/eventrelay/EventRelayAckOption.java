package dev.pipeline.eventrelay;

import java.util.Objects;

/**
 * A per-message change to how an EventRelay event is settled, for
 * {@link dev.pipeline.core.Message#configureAck(Object)}.
 *
 * <pre class="code">
 * return message.configureAck(EventRelayAckOption.onFailure(EventRelayFailureMode.DISCARD)).failed("Malformed order.");
 * </pre>
 *
 * @since 0.2.0
 */
public sealed interface EventRelayAckOption {

	/**
	 * Settles this event with {@code mode} if it fails, instead of the source's
	 * {@code on-failure}.
	 * @param mode the mode
	 * @return the option
	 */
	static EventRelayAckOption onFailure(EventRelayFailureMode mode) {
		return new OnFailure(mode);
	}

	/**
	 * Overrides {@code on-failure} for one event.
	 *
	 * @param mode what happens to the event if it fails
	 */
	record OnFailure(EventRelayFailureMode mode) implements EventRelayAckOption {

		public OnFailure {
			Objects.requireNonNull(mode, "mode");
		}

	}

}
