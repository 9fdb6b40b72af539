package dev.pipeline.rabbitmq;

/**
 * How a message is settled at RabbitMQ, after it succeeded ({@code on-success}) or failed
 * ({@code on-failure}). Broadway RabbitMQ's {@code :ack}, {@code :reject},
 * {@code :reject_and_requeue} and {@code :reject_and_requeue_once}.
 *
 * @since 0.1.0
 */
public enum AckMode {

	/** Acknowledge: the broker forgets the message. */
	ACK {
		@Override
		Settlement settlement(boolean redelivered) {
			return Settlement.ACK;
		}
	},

	/**
	 * Reject without requeue: the broker dead-letters the message when its queue has a
	 * dead-letter exchange, and drops it otherwise.
	 */
	REJECT {
		@Override
		Settlement settlement(boolean redelivered) {
			return Settlement.REJECT;
		}
	},

	/**
	 * Reject and requeue: the message goes back to its queue and is delivered again.
	 *
	 * <p>
	 * WARNING: a message that always fails is redelivered forever.
	 */
	REQUEUE {
		@Override
		Settlement settlement(boolean redelivered) {
			return Settlement.REQUEUE;
		}
	},

	/**
	 * Requeue a message the first time it fails, and reject it (to the dead-letter
	 * exchange, if any) when it fails again after a redelivery.
	 */
	REQUEUE_ONCE {
		@Override
		Settlement settlement(boolean redelivered) {
			return redelivered ? Settlement.REJECT : Settlement.REQUEUE;
		}
	};

	/**
	 * Returns what to send to the broker for a message.
	 * @param redelivered whether the broker has delivered the message before
	 * @return the settlement
	 */
	abstract Settlement settlement(boolean redelivered);

}
