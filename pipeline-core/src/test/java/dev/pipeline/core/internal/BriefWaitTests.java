package dev.pipeline.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The yield budget of a brief wait: spent by waits that find nothing, and given back in
 * part by parks that turn out short, so a thread that ran out of budget while the other
 * stages were briefly descheduled does not park on every hand-off from then on.
 */
class BriefWaitTests {

	/**
	 * Checks of the condition a wait makes before it yields: the first, then each spin.
	 */
	private static final int CHECKS_BEFORE_YIELDING = 1 + 64;

	private final BriefWait wait = new BriefWait();

	private final AtomicInteger checks = new AtomicInteger();

	private final BooleanSupplier never = () -> {
		this.checks.incrementAndGet();
		return false;
	};

	@Test
	void whenWaitsKeepFindingNothingThenTheyStopYieldingAndAShortParkLetsThemYieldAgain() {
		// Fifty waits that find nothing spend the budget of fifty yields
		for (int i = 0; i < 50; i++) {
			assertThat(this.wait.await(this.never)).isFalse();
		}
		assertThat(yieldsOfOneWait()).isZero();

		this.wait.parked(200_000);
		assertThat(yieldsOfOneWait()).as("after a long park").isZero();

		this.wait.parked(5_000);
		this.wait.parked(5_000);
		assertThat(yieldsOfOneWait()).as("after two short parks").isEqualTo(4);
		assertThat(yieldsOfOneWait()).as("the next wait, the budget spent once more").isEqualTo(3);
	}

	private int yieldsOfOneWait() {
		this.checks.set(0);
		this.wait.await(this.never);
		return this.checks.get() - CHECKS_BEFORE_YIELDING;
	}

}
