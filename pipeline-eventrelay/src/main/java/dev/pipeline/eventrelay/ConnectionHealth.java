package dev.pipeline.eventrelay;

import java.time.Instant;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Whether an {@link EventRelaySource} reaches EventRelay, and when it pulls again after a
 * failed call: a step of the source's {@link org.springframework.util.backoff.BackOff},
 * with one log line per step, and one line when a failed destination answers again.
 *
 * <p>
 * Threads: {@link #up}, {@link #down} and {@link #nextDelay} run on the source's thread
 * (the back-off steps are used there only); {@link #state} and {@link #describe} are read
 * from any thread.
 */
final class ConnectionHealth {

	private static final Logger logger = LoggerFactory.getLogger(EventRelaySource.class);

	private final String name;

	private final String destinationId;

	/** Used on the source's thread only. */
	private final BackOffSteps delays;

	private volatile EventRelayConnectionState state = EventRelayConnectionState.unknown();

	ConnectionHealth(String name, String destinationId, BackOffSteps delays) {
		this.name = name;
		this.destinationId = destinationId;
		this.delays = delays;
	}

	EventRelayConnectionState state() {
		return this.state;
	}

	/**
	 * @return for example {@code eventrelay: 7f3c… (DOWN: UNAUTHENTICATED, bad token)}
	 */
	String describe() {
		String destination = "eventrelay: " + this.destinationId;
		EventRelayConnectionState current = this.state;
		if (current.status() != EventRelayConnectionState.Status.DOWN) {
			return destination;
		}
		return destination + " (DOWN: " + current.code()
				+ ((current.description() != null) ? ", " + current.description() : "") + ")";
	}

	boolean isDown() {
		return this.state.status() == EventRelayConnectionState.Status.DOWN;
	}

	/** A call succeeded: the back-off starts again from its first step. */
	void up() {
		this.delays.reset();
		EventRelayConnectionState was = this.state;
		if (!was.isUp()) {
			this.state = new EventRelayConnectionState(EventRelayConnectionState.Status.UP, null, null, Instant.now());
			if (was.status() == EventRelayConnectionState.Status.DOWN) {
				logger.info("{} reaches destination {} again", this.name, this.destinationId);
			}
		}
	}

	/** A call failed with {@code status}. */
	void down(Status status) {
		EventRelayConnectionState was = this.state;
		String code = status.getCode().name();
		if (was.status() != EventRelayConnectionState.Status.DOWN || !code.equals(was.code())) {
			this.state = new EventRelayConnectionState(EventRelayConnectionState.Status.DOWN, code,
					status.getDescription(), Instant.now());
		}
	}

	/**
	 * Takes the next back-off step after a failed pull, and logs it.
	 * @param status how the pull failed
	 * @param client the client that pulled, if still open
	 * @return the milliseconds to wait before the next pull, or -1 to pull no more
	 */
	long nextDelay(Status status, @Nullable EventRelayClient client) {
		long delay = this.delays.next();
		if (delay == BackOffExecution.STOP) {
			logger.error("{} could not pull from {} ({}: {}); not pulling again: its back-off has no attempts left",
					this.name, (client != null) ? client.describe() : "EventRelay", status.getCode(),
					status.getDescription());
			return -1;
		}
		logger.warn("{} could not pull from {} ({}: {}); next attempt in {} ms", this.name,
				(client != null) ? client.describe() : "EventRelay", status.getCode(), status.getDescription(), delay);
		return delay;
	}

}
