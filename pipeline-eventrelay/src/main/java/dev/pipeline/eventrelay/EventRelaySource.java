package dev.pipeline.eventrelay;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Source;
import dev.pipeline.eventrelay.grpc.Event;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline producer that pulls queued events from one EventRelay destination, as
 * Broadway's EventRelay producer does, with acknowledgement it lacks.
 *
 * <p>
 * Demand: a {@code PullQueuedEvents} call asks for the pipeline's outstanding demand up
 * to {@code max-batch-size}, with at most {@link #MAX_PULLS_IN_FLIGHT} calls in flight;
 * when one is due and for how many is decided by a {@code PullSchedule}, which holds the
 * demand, the pulls in flight and the waits, and which the source drives under its lock.
 * A pull that returns none is followed by a wait of {@code pull-interval}. The bound:
 * events locked for the destination and not handled (in the pipeline, or in answers on
 * their way) never exceed what the pipeline demanded (processors × max-demand, plus what
 * batchers hold), and the answers on their way never exceed
 * {@code MAX_PULLS_IN_FLIGHT × max-batch-size}, whatever the backlog.
 *
 * <p>
 * Hand-off (by an {@code EventHandOff}): an answer's events, up to what the pull asked
 * for, become messages; any beyond are unlocked at once.
 *
 * <p>
 * Acknowledgement (by {@link EventAcknowledger}): a success needs no call, since the
 * pull's lock consumes the event; a failure is unlocked (grouped with others) and
 * delivered again, or left locked with {@code on-failure: discard}.
 *
 * <p>
 * Errors (steps and state kept by a {@code ConnectionHealth}): a failed call is tried
 * again after a step of the source's {@link org.springframework.util.backoff.BackOff},
 * with one log line per step; {@link #connectionState()} is DOWN with the gRPC status
 * meanwhile. When both pulls in flight fail, the first takes the step and the second only
 * gives its demand back. Nothing blocks: start-up does not wait for EventRelay.
 *
 * <p>
 * Drain: {@link #stopFetching()} lets the pulls in flight answer and unlocks their events
 * without emitting them. {@link #stop()} unlocks every event handed to the pipeline and
 * not settled (a drain that ran out of time), so none stays locked, then closes the
 * channel; later settlements are ignored.
 *
 * <p>
 * Threads: answers, pull-interval waits and back-off steps run on one thread of the
 * source's own; {@link #request} runs on processor threads and never blocks (it may start
 * an asynchronous call); lifecycle methods run on the pipeline's lifecycle thread.
 *
 * @since 0.2.0
 */
public final class EventRelaySource implements Source<byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(EventRelaySource.class);

	/** The most {@code PullQueuedEvents} calls of one source in flight at once. */
	static final int MAX_PULLS_IN_FLIGHT = 2;

	/**
	 * How long a pull waits, when none is in flight, for the demand to make up a full
	 * batch before it asks for less.
	 */
	static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private final SourceConfig config;

	private final EventRelayClient.Factory clients;

	private final String name;

	private final Counters counters = new Counters();

	/** Guards the fields below. */
	private final Object lock = new Object();

	private final PullSchedule pulls;

	/** Answers being handed to the pipeline. */
	private int answering;

	private boolean paused;

	private boolean fetching;

	private @Nullable Emitter<byte[]> emitter;

	private @Nullable EventRelayClient client;

	private volatile @Nullable EventAcknowledger acknowledger;

	private @Nullable ScheduledExecutorService executor;

	private final ConnectionHealth health;

	private final EventHandOff handOff;

	EventRelaySource(SourceConfig config, EventRelayClient.Factory clients, int index) {
		this.config = config;
		this.clients = clients;
		this.name = config.pipeline() + "-eventrelay-" + index;
		this.health = new ConnectionHealth(this.name, config.destinationId(), config.backOffSteps());
		this.handOff = new EventHandOff(this.name, config.destinationId());
		this.pulls = new PullSchedule(config.maxBatchSize(), this::schedule, this::lingered, this::waited);
	}

	@Override
	public void start(Emitter<byte[]> target) {
		ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((work) -> {
			Thread t = new Thread(work, this.name);
			t.setDaemon(true);
			return t;
		});
		EventRelayClient opened = this.clients.open(thread);
		synchronized (this.lock) {
			this.executor = thread;
			this.client = opened;
			this.acknowledger = new EventAcknowledger(opened, this.config, thread, this.counters, this.name);
			this.emitter = target;
			this.fetching = true;
		}
		pullIfDue();
	}

	@Override
	public void request(int count) {
		synchronized (this.lock) {
			this.pulls.demanded(count);
		}
		pullIfDue();
	}

	@Override
	public void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	@Override
	public void resume() {
		synchronized (this.lock) {
			this.paused = false;
		}
		pullIfDue();
	}

	@Override
	public void stopFetching() {
		long deadline = System.nanoTime() + this.config.deadline().toNanos() + TimeUnit.SECONDS.toNanos(1);
		synchronized (this.lock) {
			this.fetching = false;
			this.pulls.cancelWaits();
			while ((this.pulls.inFlight() || this.answering > 0) && System.nanoTime() < deadline) {
				try {
					this.lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		EventRelayClient current;
		EventAcknowledger settling;
		ScheduledExecutorService thread;
		synchronized (this.lock) {
			this.fetching = false;
			this.pulls.cancelWaits();
			current = this.client;
			settling = this.acknowledger;
			thread = this.executor;
		}
		if (settling != null) {
			long unlocked = settling.close(this.config.deadline());
			if (unlocked > 0) {
				logger.info("{} unlocked {} events fetched and not handled, for redelivery", this.name, unlocked);
			}
		}
		if (current != null) {
			current.close();
		}
		if (thread != null) {
			thread.shutdownNow();
		}
	}

	/**
	 * Names the destination, and while the last call failed, how: the health indicator
	 * shows it.
	 * @return for example {@code eventrelay: 7f3c… (DOWN: UNAUTHENTICATED, bad token)}
	 */
	@Override
	public String describe() {
		return this.health.describe();
	}

	@Override
	public boolean isConnected() {
		return this.health.state().isUp();
	}

	/**
	 * @return whether the last call to EventRelay succeeded, and how it failed if not
	 */
	public EventRelayConnectionState connectionState() {
		return this.health.state();
	}

	/**
	 * @return what this source has done so far
	 */
	public EventRelaySourceStats stats() {
		EventAcknowledger settling = this.acknowledger;
		return this.counters.snapshot((settling != null) ? settling.outstanding() : 0);
	}

	private void pullIfDue() {
		pullIfDue(false);
	}

	/**
	 * Starts the pulls that {@link PullSchedule#take} finds due while the source fetches.
	 * @param lingered whether the demand has had {@link #LINGER_NANOS} to grow
	 */
	private void pullIfDue(boolean lingered) {
		while (true) {
			int batch;
			EventRelayClient current;
			synchronized (this.lock) {
				current = this.client;
				if (!this.fetching || this.paused || current == null) {
					return;
				}
				batch = this.pulls.take(lingered);
				if (batch == 0) {
					return;
				}
			}
			this.counters.pulls.increment();
			current.pull(batch, new Pull(batch));
		}
	}

	/**
	 * Runs on the source's thread when a pull answered with events: gives back what it
	 * did not fill, lets the next pull start, then hands the events on.
	 */
	private void received(List<Event> events, int batch) {
		this.counters.received.add(events.size());
		int count = Math.min(events.size(), batch);
		Emitter<byte[]> target;
		synchronized (this.lock) {
			this.pulls.answered(batch, count);
			target = this.fetching ? this.emitter : null;
			this.answering++;
		}
		try {
			this.handOff.handOn(events, count, target, this.acknowledger, this::pullIfDue);
		}
		finally {
			synchronized (this.lock) {
				this.answering--;
				this.lock.notifyAll();
			}
		}
	}

	private void pulled(List<Event> events, int batch) {
		this.health.up();
		if (events.isEmpty()) {
			this.counters.emptyPulls.increment();
			finishPull(batch, this.config.pullInterval().toMillis());
			return;
		}
		received(events, batch);
		pullIfDue();
	}

	private void pullFailed(Status status, int batch) {
		this.counters.pullFailures.increment();
		this.health.down(status);
		synchronized (this.lock) {
			if (this.pulls.waiting()) {
				// The other pull in flight failed first and took the back-off step
				this.pulls.answered(batch, 0);
				this.lock.notifyAll();
				return;
			}
		}
		finishPull(batch, this.health.nextDelay(status, this.client));
	}

	/**
	 * Ends a pull that handed nothing on, gives its demand back, and waits
	 * {@code delayMillis} before the next one when not negative.
	 */
	private void finishPull(int batch, long delayMillis) {
		synchronized (this.lock) {
			this.pulls.answered(batch, 0);
			if (delayMillis >= 0 && this.fetching) {
				this.pulls.waitFor(TimeUnit.MILLISECONDS.toNanos(delayMillis));
			}
			this.lock.notifyAll();
		}
	}

	/** Runs a task on the source's thread after a delay; called under the lock. */
	private @Nullable ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
		if (this.executor == null) {
			return null;
		}
		try {
			return this.executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("{} stopped; not pulling again", this.name, ex);
			return null;
		}
	}

	private void lingered() {
		synchronized (this.lock) {
			this.pulls.lingerOver();
		}
		pullIfDue(true);
	}

	private void waited() {
		EventRelayClient current;
		synchronized (this.lock) {
			this.pulls.waitOver();
			current = this.client;
		}
		if (current != null && this.health.isDown()) {
			current.reconnectNow();
		}
		pullIfDue();
	}

	/** The answer of one pull. */
	private final class Pull implements EventRelayClient.Answer<List<Event>> {

		private final int batch;

		Pull(int batch) {
			this.batch = batch;
		}

		@Override
		public void completed(List<Event> events) {
			pulled(events, this.batch);
		}

		@Override
		public void failed(Status status) {
			pullFailed(status, this.batch);
		}

	}

}
