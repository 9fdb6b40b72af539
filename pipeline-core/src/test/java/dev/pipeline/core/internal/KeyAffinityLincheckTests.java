package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;
import dev.pipeline.core.PipelineListener;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link KeyAffinity} with two processors is linearizable: emitting threads
 * putting keyed messages, and each processor taking the oldest message of its buffer and
 * reporting it finished, in every interleaving (up to Lincheck's bounds), behave as the
 * same calls one at a time would. Run one at a time, the affinity sends a message whose
 * key is in flight to the processor that holds the key, so an interleaving where two
 * processors hold one key, or where a key overtakes itself, would show as an outcome no
 * sequential order gives.
 *
 * <p>
 * Each processor's operations form a non-parallel group, as a processor is one thread.
 */
@Tag("concurrency")
@Param(name = "key", gen = IntGen.class, conf = "1:2")
public class KeyAffinityLincheckTests {

	/** Instances made, one per scenario run, to report how many were explored. */
	static final AtomicLong RUNS = new AtomicLong();

	private final MessageBuffer[] buffers = { new MessageBuffer(64), new MessageBuffer(64) };

	private final KeyAffinity affinity;

	public KeyAffinityLincheckTests() {
		RUNS.incrementAndGet();
		FailureLog log = new FailureLog("keys", PipelineClock.system());
		this.affinity = new KeyAffinity(Message::data, this.buffers,
				new Acknowledgements("keys", new Events(PipelineListener.NONE, log), log));
	}

	@Operation
	public void put(@Param(name = "key") int key) throws InterruptedException {
		this.affinity.put(List.of(Message.of(key, Acknowledger.NOOP, null)), -1);
	}

	@Operation
	public void putRun(@Param(name = "key") int key) throws InterruptedException {
		this.affinity.put(List.of(Message.of(key, Acknowledger.NOOP, null),
				Message.of(key + 1, Acknowledger.NOOP, null), Message.of(key, Acknowledger.NOOP, null)), -1);
	}

	@Operation(nonParallelGroup = "processor-0")
	public String handle0() throws InterruptedException {
		return handle(0);
	}

	@Operation(nonParallelGroup = "processor-1")
	public String handle1() throws InterruptedException {
		return handle(1);
	}

	@Operation
	public int keysInFlight() {
		return this.affinity.keysInFlight();
	}

	/** What a processor does with one chunk: take it, hand it on, report it finished. */
	private String handle(int processor) throws InterruptedException {
		ArrayList<Message<?>> chunk = this.buffers[processor].take(2, 0);
		if (chunk == null || chunk.isEmpty()) {
			return "-";
		}
		this.affinity.finished(processor, chunk.size());
		List<Object> keys = new ArrayList<>();
		for (Message<?> message : chunk) {
			keys.add(message.data());
		}
		return keys.toString();
	}

	@Test
	void whenModelCheckedThenEveryInterleavingIsLinearizable() {
		long before = RUNS.get();
		ModelCheckingOptions options = new ModelCheckingOptions().iterations(Budget.ITERATIONS)
			.invocationsPerIteration(Budget.INVOCATIONS)
			.threads(3)
			.actorsPerThread(2);
		LinChecker.check(KeyAffinityLincheckTests.class, options);
		Budget.report("KeyAffinity, model checking", RUNS.get() - before);
		assertThat(RUNS.get() - before).isPositive();
	}

}
