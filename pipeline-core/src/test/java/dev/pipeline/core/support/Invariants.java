package dev.pipeline.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageStatus;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.StageStats;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The invariant checker of engine tests, run after each test as Caffeine's cache
 * validation is: every pipeline a test made with {@link #create} is drained if the test
 * left it running, and then must show that
 * <ul>
 * <li>every message taken was settled exactly once: no message reached two
 * acknowledgements, and what was taken equals what was acknowledged plus what a timed-out
 * drain released, in each run (a restart starts a new one);</li>
 * <li>what waited for the processors never exceeded their bound: at the end of every
 * chunk, messages taken and not yet handled by a processor were at most the processors'
 * buffers and demand ({@code concurrency × max-demand × (concurrency + 1)}).</li>
 * </ul>
 * It listens through the pipeline's own {@link PipelineListener}, wrapped around the
 * test's, so it sees what any listener sees.
 */
public final class Invariants implements BeforeEachCallback, AfterEachCallback {

	private static final List<Checked> CREATED = new CopyOnWriteArrayList<>();

	private static volatile boolean active;

	/**
	 * Creates a pipeline whose invariants are checked after the test.
	 * @param spec the spec
	 * @param <T> the type of the data
	 * @return the pipeline, not started
	 */
	public static <T> Pipeline<T> create(PipelineSpec<T> spec) {
		if (!active) {
			throw new IllegalStateException("Invariants.create is for tests extended with Invariants");
		}
		Checked checked = new Checked(spec);
		Pipeline<T> pipeline = Pipeline.create(spec.toBuilder().listener(checked).build());
		checked.pipeline = pipeline;
		CREATED.add(checked);
		return pipeline;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		CREATED.clear();
		active = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		active = false;
		List<String> problems = new ArrayList<>();
		try {
			for (Checked checked : CREATED) {
				checked.finish(problems);
			}
		}
		finally {
			CREATED.clear();
		}
		if (!problems.isEmpty() && context.getExecutionException().isEmpty()) {
			throw new AssertionError("Engine invariants broken:\n  " + String.join("\n  ", problems));
		}
	}

	/** Wraps a test's listener and keeps what the checks need. */
	private static final class Checked implements PipelineListener {

		private final PipelineListener inner;

		private final long bound;

		private final Set<Message<?>> settled = Collections.newSetFromMap(new IdentityHashMap<>());

		private final List<String> problems = new CopyOnWriteArrayList<>();

		private final AtomicLong settledInRun = new AtomicLong();

		private final AtomicLong failedBeforeProcessors = new AtomicLong();

		private volatile Pipeline<?> pipeline;

		private volatile int runs;

		Checked(PipelineSpec<?> spec) {
			this.inner = spec.listener();
			long processors = spec.processors().concurrency();
			long maxDemand = spec.processors().maxDemand();
			this.bound = processors * maxDemand * (processors + 1);
		}

		void finish(List<String> out) {
			Pipeline<?> checked = this.pipeline;
			if (checked.state() == PipelineState.RUNNING || checked.state() == PipelineState.PAUSED) {
				checked.drain(Duration.ofSeconds(5));
			}
			if (this.runs > 0) {
				checkRun(checked.stats());
			}
			for (String problem : this.problems) {
				out.add("pipeline '" + checked.name() + "': " + problem);
			}
		}

		private void checkRun(PipelineStats stats) {
			long accounted = stats.succeeded() + stats.failed() + stats.released();
			if (stats.fetched() != accounted) {
				this.problems
					.add("run " + this.runs + ": " + stats.fetched() + " messages taken but " + stats.succeeded()
							+ " succeeded + " + stats.failed() + " failed + " + stats.released() + " released");
			}
			if (this.settledInRun.get() != stats.succeeded() + stats.failed()) {
				this.problems.add("run " + this.runs + ": " + this.settledInRun.get()
						+ " messages in acknowledgement events, but the figures count "
						+ (stats.succeeded() + stats.failed()));
			}
		}

		@Override
		public void pipelineStarted(PipelineSpec<?> spec) {
			if (this.runs > 0) {
				// A restart: the pipeline shows the figures of the run that ended
				checkRun(this.pipeline.stats());
			}
			this.runs++;
			this.settledInRun.set(0);
			this.failedBeforeProcessors.set(0);
			this.inner.pipelineStarted(spec);
		}

		@Override
		public void pipelineStopped(String name, DrainResult result) {
			this.inner.pipelineStopped(name, result);
		}

		@Override
		public void pipelineException(String name, Throwable error) {
			this.inner.pipelineException(name, error);
		}

		@Override
		public boolean observesMessages() {
			return this.inner.observesMessages();
		}

		@Override
		public void messageStarted(Worker processor, Message<?> message) {
			this.inner.messageStarted(processor, message);
		}

		@Override
		public void messageStopped(Worker processor, Message<?> result, long nanos) {
			this.inner.messageStopped(processor, result, nanos);
		}

		@Override
		public void messageException(Worker processor, Message<?> message, Throwable error, long nanos) {
			this.inner.messageException(processor, message, error, nanos);
		}

		@Override
		public void chunkHandled(Worker processor, int messages, int failed, long nanos) {
			this.inner.chunkHandled(processor, messages, failed, nanos);
			Pipeline<?> checked = this.pipeline;
			if (checked == null) {
				return;
			}
			PipelineStats stats = checked.stats();
			long handled = 0;
			for (StageStats stage : stats.stages()) {
				if (stage.kind() == StageStats.Kind.PROCESSOR) {
					handled = stage.in();
				}
			}
			long waiting = stats.fetched() - handled - this.failedBeforeProcessors.get();
			if (waiting > this.bound && this.problems.size() < 10) {
				this.problems.add(waiting + " messages taken and not yet handled by a processor, over the bound of "
						+ this.bound);
			}
		}

		@Override
		public void batchStarted(Worker batchWorker, BatchInfo info) {
			this.inner.batchStarted(batchWorker, info);
		}

		@Override
		public void batchStopped(Worker batchWorker, BatchInfo info, int failed, long nanos) {
			this.inner.batchStopped(batchWorker, info, failed, nanos);
		}

		@Override
		public void batchException(Worker batchWorker, BatchInfo info, Throwable error, long nanos) {
			this.inner.batchException(batchWorker, info, error, nanos);
		}

		@Override
		public void acknowledged(String name, List<Message<?>> successful, List<Message<?>> failed) {
			this.inner.acknowledged(name, successful, failed);
			synchronized (this.settled) {
				settle(successful);
				settle(failed);
			}
			for (Message<?> message : failed) {
				if (message.status() instanceof MessageStatus.Failed reason
						&& (reason.reason().startsWith("The processors' partition-by failed")
								|| reason.reason().startsWith("The processors' order-by failed"))) {
					this.failedBeforeProcessors.incrementAndGet();
				}
			}
			this.settledInRun.addAndGet(successful.size() + failed.size());
		}

		private void settle(List<Message<?>> messages) {
			for (Message<?> message : messages) {
				if (!this.settled.add(message.origin()) && this.problems.size() < 10) {
					this.problems.add("message " + message.origin() + " was acknowledged more than once");
				}
			}
		}

	}

}
