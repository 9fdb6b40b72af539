package dev.pipeline.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;
import dev.pipeline.core.PipelineListener;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-checks how processors hand chunks to a batcher ({@link BatcherStage#hand}): in
 * every interleaving (up to Lincheck's bounds, preemption inside the critical sections
 * included) no hand-off waits for ever, and once every processor has returned, nothing is
 * left in the batcher's inbox: each chunk went into an open batch, on whichever thread.
 * The batcher's own thread does not run, so a chunk that only it would take shows up as
 * one left behind (or as a put into a full inbox that never returns).
 *
 * <p>
 * The inbox holds two messages and a batch a thousand, so the inbox is full at once and
 * no batch is ever emitted or held.
 */
@Tag("concurrency")
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class BatchHandOffLincheckTests {

	/** Instances made, one per scenario run, to report how many were explored. */
	static final AtomicLong RUNS = new AtomicLong();

	private final MessageBuffer inbox = new MessageBuffer(2);

	private final BatcherStage batcher;

	public BatchHandOffLincheckTests() {
		RUNS.incrementAndGet();
		PipelineClock clock = PipelineClock.system();
		FailureLog log = new FailureLog("hand-off", clock);
		Events events = new Events(PipelineListener.NONE, log);
		Terminal terminal = new Terminal(null, new Acknowledgements("hand-off", events, log), log);
		BatcherSettings<Object> settings = new BatcherSettings<>("default", 1_000, 0, (m) -> 0, Duration.ofHours(1), 1,
				2, null, (batch, info) -> batch);
		this.batcher = new BatcherStage(settings, this.inbox, new BatchDispatcher(1, this.inbox::nudge), terminal,
				clock, () -> {
				});
	}

	@Operation
	public void hand(@Param(name = "value") int value) throws InterruptedException {
		this.batcher.hand(List.of(Message.of(value, Acknowledger.NOOP, null)));
	}

	@Operation
	public void handTwo(@Param(name = "value") int value) throws InterruptedException {
		this.batcher
			.hand(List.of(Message.of(value, Acknowledger.NOOP, null), Message.of(-value, Acknowledger.NOOP, null)));
	}

	@Validate
	public void nothingIsLeftInTheInbox() {
		if (this.inbox.size() != 0) {
			throw new IllegalStateException(this.inbox.size() + " messages left in the batcher's inbox");
		}
	}

	@Test
	void whenModelCheckedThenNoChunkIsLeftInTheInbox() {
		long before = RUNS.get();
		ModelCheckingOptions options = new ModelCheckingOptions().iterations(Budget.ITERATIONS)
			.invocationsPerIteration(Budget.INVOCATIONS)
			.threads(3)
			.actorsPerThread(2);
		LinChecker.check(BatchHandOffLincheckTests.class, options);
		Budget.report("Batch hand-off, model checking", RUNS.get() - before);
		assertThat(RUNS.get() - before).isPositive();
	}

}
