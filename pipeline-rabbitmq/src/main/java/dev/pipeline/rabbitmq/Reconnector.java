package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Reconnects a {@link RabbitSource} after the delays of its reconnect {@link BackOff},
 * one log line a step, on a timer thread of its own. A successful connection starts the
 * back-off afresh; a back-off with no attempts left ends the reconnection, with an error
 * in the log.
 *
 * <p>
 * At most one attempt is scheduled at a time, and none once the source drains. The
 * back-off's state is guarded by the source's lock, so that the source's drain flag is
 * read together with it. WARNING: {@link #reset} must be called holding that lock, and
 * {@link #schedule} without it.
 */
final class Reconnector {

	private static final Log logger = LogFactory.getLog(RabbitSource.class);

	private final Object lock;

	private final BackOff policy;

	private final Connect connect;

	private final BooleanSupplier connected;

	/** Whether the source drains; called holding the lock. */
	private final BooleanSupplier draining;

	/** The source's description, for the log. */
	private final String source;

	private final RabbitClient client;

	private boolean scheduled;

	/**
	 * The back-off's execution since the last success; null before a failure.
	 */
	private @Nullable BackOffExecution backOff;

	private @Nullable ScheduledExecutorService timer;

	/**
	 * @param lock the source's lock
	 * @param policy the reconnect back-off
	 * @param connect connects the source, unless connected or draining
	 * @param connected whether the source consumes on an open channel
	 * @param draining whether the source drains; called holding the lock
	 * @param source the source's description, for the log
	 * @param client the source's client, described in the log
	 */
	Reconnector(Object lock, BackOff policy, Connect connect, BooleanSupplier connected, BooleanSupplier draining,
			String source, RabbitClient client) {
		this.lock = lock;
		this.policy = policy;
		this.connect = connect;
		this.connected = connected;
		this.draining = draining;
		this.source = source;
		this.client = client;
	}

	/** Forgets earlier failures. Called holding the lock. */
	void reset() {
		this.scheduled = false;
		this.backOff = null;
	}

	/**
	 * Creates the timer; its thread starts at the first reconnection.
	 * @param name the timer thread's name
	 */
	void start(String name) {
		this.timer = Executors.newSingleThreadScheduledExecutor((work) -> {
			Thread thread = new Thread(work, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Stops the timer: no attempt runs after this. */
	void stop() {
		ScheduledExecutorService executor = this.timer;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * Takes the next step of the reconnect back-off and logs it, one line a step.
	 * @param failure what went wrong, for the log
	 */
	void schedule(String failure) {
		ScheduledExecutorService executor = this.timer;
		long delay;
		synchronized (this.lock) {
			if (this.scheduled || this.draining.getAsBoolean() || executor == null) {
				return;
			}
			BackOffExecution execution = this.backOff;
			if (execution == null) {
				execution = this.policy.start();
				this.backOff = execution;
			}
			delay = execution.nextBackOff();
			this.scheduled = delay != BackOffExecution.STOP;
		}
		if (delay == BackOffExecution.STOP) {
			logger
				.error(this.source + " " + failure + "; not reconnecting: its reconnect back-off has no attempts left");
			return;
		}
		logger.warn(this.source + " " + failure + "; reconnecting in " + delay + " ms");
		try {
			executor.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug(this.source + " stopped; not reconnecting", ex);
		}
	}

	/**
	 * Closes a lost channel on the timer thread, never on the thread that delivers: on a
	 * connection whose callbacks run on the client's reader thread, the close would wait
	 * for a reply that only that thread can read. After {@link #stop()}, on a thread of
	 * its own.
	 * @param channel the channel to close
	 */
	void close(RabbitChannel channel) {
		ScheduledExecutorService executor = this.timer;
		try {
			if (executor != null) {
				executor.execute(channel::close);
				return;
			}
		}
		catch (RejectedExecutionException ex) {
			// Stopped meanwhile: close it on a thread of its own
		}
		Thread closing = new Thread(channel::close, this.source + " closing a channel");
		closing.setDaemon(true);
		closing.start();
	}

	private void reconnect() {
		synchronized (this.lock) {
			this.scheduled = false;
		}
		try {
			this.connect.connect();
			synchronized (this.lock) {
				this.backOff = null;
			}
			if (this.connected.getAsBoolean()) {
				logger.info(this.source + " reconnected to " + this.client.describe());
			}
		}
		catch (IOException | RuntimeException ex) {
			schedule("could not reconnect to " + this.client.describe() + ": " + reason(ex));
		}
	}

	/**
	 * Says why a connection failed: the first message along the causes, since the client
	 * wraps a channel the broker closed (a missing exchange to bind to, say) in an
	 * {@code IOException} of no message of its own.
	 * @param failure what was thrown
	 * @return its message, or its first cause's that has one, or its class's name
	 */
	static String reason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				return cause.getMessage();
			}
		}
		return failure.getClass().getName();
	}

	/** Connects the source, on the timer thread. */
	@FunctionalInterface
	interface Connect {

		/**
		 * Opens a channel and consumes, unless connected or draining.
		 * @throws IOException if the broker could not be reached
		 */
		void connect() throws IOException;

	}

}
