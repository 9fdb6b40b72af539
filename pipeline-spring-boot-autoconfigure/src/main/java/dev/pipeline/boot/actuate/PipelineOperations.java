package dev.pipeline.boot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.pipeline.boot.actuate.OperationDescriptor.ProgressDescriptor;
import dev.pipeline.boot.actuate.OperationDescriptor.ResultDescriptor;
import dev.pipeline.boot.actuate.OperationDescriptor.State;
import dev.pipeline.core.Pipeline;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code drain} and {@code restart} operations of the {@code pipelines} endpoint: at
 * most one under way per pipeline, each on a thread of its own named
 * {@code pipeline-operation-<pipeline>}, and the last {@value #KEPT} of each pipeline
 * kept to be read.
 *
 * <p>
 * Thread-safe: called from HTTP and JMX threads; an operation's thread publishes its end
 * through a volatile field and a latch, so a reader that saw it finished sees its result.
 */
final class PipelineOperations {

	/** Finished operations kept per pipeline. */
	static final int KEPT = 16;

	/** The longest a read waits for an operation to finish. */
	static final Duration MAX_WAIT = Duration.ofSeconds(60);

	private static final Logger logger = LoggerFactory.getLogger(PipelineOperations.class);

	private final AtomicLong ids = new AtomicLong();

	/** Per pipeline, newest first. Guarded by {@code this}. */
	private final Map<String, Deque<Operation>> operations = new HashMap<>();

	private final Clock clock;

	PipelineOperations(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Returns the operation under way on a pipeline.
	 * @param pipeline the pipeline's name
	 * @return the operation, or {@code null}
	 */
	synchronized @Nullable Operation running(String pipeline) {
		Deque<Operation> list = this.operations.get(pipeline);
		Operation newest = (list != null) ? list.peekFirst() : null;
		return (newest != null && newest.end == null) ? newest : null;
	}

	/**
	 * Reserves a pipeline for an operation, which {@link #start} then runs or
	 * {@link #abandon} gives up.
	 * @param pipeline the pipeline
	 * @param action the action
	 * @return the operation, in progress
	 * @throws Busy if another operation is under way on the pipeline
	 */
	synchronized Operation begin(Pipeline<?> pipeline, PipelineAction action) {
		Operation running = running(pipeline.name());
		if (running != null) {
			throw new Busy(running);
		}
		Operation operation = new Operation(String.valueOf(this.ids.incrementAndGet()), pipeline, action,
				this.clock.instant());
		Deque<Operation> list = this.operations.computeIfAbsent(pipeline.name(), (name) -> new ArrayDeque<>());
		list.addFirst(operation);
		while (list.size() > KEPT) {
			list.removeLast();
		}
		return operation;
	}

	/**
	 * Forgets an operation that never started (its request was refused).
	 * @param operation the operation from {@link #begin}
	 */
	synchronized void abandon(Operation operation) {
		Deque<Operation> list = this.operations.get(operation.pipeline.name());
		if (list != null) {
			list.remove(operation);
		}
	}

	/**
	 * Runs an operation on a thread of its own.
	 * @param operation the operation from {@link #begin}
	 * @param work what it does; an exception fails it with {@code errors}' description
	 * @param errors describes an exception
	 */
	void start(Operation operation, Supplier<ResultDescriptor> work, Function<Throwable, ErrorDescriptor> errors) {
		Thread thread = new Thread(() -> {
			try {
				operation.finish(work.get(), null, this.clock.instant());
			}
			catch (RuntimeException | Error ex) {
				logger.warn("Operation {} ({}) of pipeline '{}' failed", operation.id, operation.action.id(),
						operation.pipeline.name(), ex);
				operation.finish(null, errors.apply(ex), this.clock.instant());
				if (ex instanceof Error error) {
					throw error;
				}
			}
		}, "pipeline-operation-" + operation.pipeline.name());
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Finds an operation.
	 * @param pipeline the pipeline's name
	 * @param id the operation's id
	 * @return the operation, or empty when there is none by that id (or it is no longer
	 * kept)
	 */
	synchronized Optional<Operation> find(String pipeline, String id) {
		Deque<Operation> list = this.operations.get(pipeline);
		return (list != null) ? list.stream().filter((operation) -> operation.id.equals(id)).findFirst()
				: Optional.empty();
	}

	/**
	 * An operation. Its end is written once, by its own thread.
	 */
	static final class Operation {

		final String id;

		final Pipeline<?> pipeline;

		final PipelineAction action;

		final Instant startedAt;

		private final CountDownLatch finished = new CountDownLatch(1);

		private volatile @Nullable End end;

		Operation(String id, Pipeline<?> pipeline, PipelineAction action, Instant startedAt) {
			this.id = id;
			this.pipeline = pipeline;
			this.action = action;
			this.startedAt = startedAt;
		}

		void finish(@Nullable ResultDescriptor result, @Nullable ErrorDescriptor error, Instant at) {
			this.end = new End(result, error, at);
			this.finished.countDown();
		}

		/**
		 * Waits for the operation to finish.
		 * @param timeout the longest to wait
		 */
		void await(Duration timeout) {
			try {
				this.finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		OperationDescriptor describe(Clock clock) {
			End done = this.end;
			Instant until = (done != null) ? done.at : clock.instant();
			ProgressDescriptor progress = new ProgressDescriptor(this.pipeline.state(),
					this.pipeline.stats().inFlight(), Duration.between(this.startedAt, until).toMillis());
			if (done == null) {
				return new OperationDescriptor(this.id, this.pipeline.name(), this.action.id(), State.IN_PROGRESS,
						this.startedAt, null, progress, null, null, null);
			}
			return new OperationDescriptor(this.id, this.pipeline.name(), this.action.id(),
					(done.error != null) ? State.FAILED : State.COMPLETED, this.startedAt, done.at, progress,
					done.result, done.error, null);
		}

		/** A sentence naming the operation, for a 409. */
		String describeRunning() {
			return "Pipeline '" + this.pipeline.name() + "' has operation " + this.id + " (" + this.action.id()
					+ ") in progress since " + this.startedAt + ".";
		}

	}

	private record End(@Nullable ResultDescriptor result, @Nullable ErrorDescriptor error, Instant at) {
	}

	/**
	 * Another operation is under way on the pipeline.
	 */
	static final class Busy extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient Operation running;

		Busy(Operation running) {
			super(running.describeRunning(), null, false, false);
			this.running = running;
		}

		Operation running() {
			return this.running;
		}

	}

}
