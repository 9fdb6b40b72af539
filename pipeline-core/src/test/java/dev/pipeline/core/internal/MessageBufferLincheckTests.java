package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link MessageBuffer} is linearizable against a plain FIFO with a closed
 * flag: every interleaving of puts, takes, closes and size reads (up to Lincheck's
 * bounds) behaves as some order of them one at a time would. This is the hand-off every
 * message crosses from a source's thread to a processor, and the one a drain relies on
 * (takes see what is left, then {@code null}).
 *
 * <p>
 * Takes do not wait (timeout 0) and the buffer is large enough that puts never do, so
 * each operation completes on its own; the waiting paths are covered by the engine tests.
 */
@Tag("concurrency")
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class MessageBufferLincheckTests {

	/** Instances made, one per scenario run, to report how many were explored. */
	static final AtomicLong RUNS = new AtomicLong();

	private final MessageBuffer buffer = new MessageBuffer(64);

	public MessageBufferLincheckTests() {
		RUNS.incrementAndGet();
	}

	@Operation
	public void put(@Param(name = "value") int value) throws InterruptedException {
		this.buffer.put(Message.of(value, Acknowledger.NOOP, null));
	}

	@Operation
	public void putTwo(@Param(name = "value") int value) throws InterruptedException {
		this.buffer
			.put(List.of(Message.of(value, Acknowledger.NOOP, null), Message.of(-value, Acknowledger.NOOP, null)));
	}

	@Operation
	public String take() throws InterruptedException {
		ArrayList<Message<?>> taken = this.buffer.take(2, 0);
		return (taken != null) ? taken.stream().map(Message::data).toList().toString() : "closed";
	}

	@Operation
	public void close() {
		this.buffer.close();
	}

	@Operation
	public int size() {
		return this.buffer.size();
	}

	@Test
	void whenModelCheckedThenEveryInterleavingIsLinearizable() {
		long before = RUNS.get();
		ModelCheckingOptions options = new ModelCheckingOptions().iterations(Budget.ITERATIONS)
			.invocationsPerIteration(Budget.INVOCATIONS)
			.threads(3)
			.actorsPerThread(2)
			.sequentialSpecification(Model.class);
		LinChecker.check(MessageBufferLincheckTests.class, options);
		Budget.report("MessageBuffer, model checking", RUNS.get() - before);
		assertThat(RUNS.get() - before).isPositive();
	}

	@Test
	void whenStressedThenEveryOutcomeIsLinearizable() {
		long before = RUNS.get();
		StressOptions options = new StressOptions().iterations(Budget.ITERATIONS)
			.invocationsPerIteration(Budget.INVOCATIONS)
			.threads(2)
			.actorsPerThread(3)
			.sequentialSpecification(Model.class);
		LinChecker.check(MessageBufferLincheckTests.class, options);
		Budget.report("MessageBuffer, stress", RUNS.get() - before);
		assertThat(RUNS.get() - before).isPositive();
	}

	/** The sequential specification: a FIFO, and a flag once closed. */
	public static final class Model {

		private final ArrayDeque<Integer> queue = new ArrayDeque<>();

		private boolean closed;

		public void put(int value) {
			this.queue.addLast(value);
		}

		public void putTwo(int value) {
			this.queue.addLast(value);
			this.queue.addLast(-value);
		}

		public String take() {
			if (this.queue.isEmpty()) {
				return this.closed ? "closed" : "[]";
			}
			List<Integer> taken = new ArrayList<>();
			while (taken.size() < 2 && !this.queue.isEmpty()) {
				taken.add(this.queue.pollFirst());
			}
			return taken.toString();
		}

		public void close() {
			this.closed = true;
		}

		public int size() {
			return this.queue.size();
		}

	}

}
