package dev.pipeline.core.internal;

import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a brief wait's yield budget adapts: it grows with every wait that a hand-off ends
 * while it yields, shrinks with every wait that ends without one, and once spent stays
 * spent, so that a stage fed slowly by a broker parks at once and never yields the core
 * its client's threads need.
 */
class BriefWaitTests {

	@Test
	void whenHandOffsComeWhileItYieldsThenTheBudgetGrowsUpToItsMost() {
		BriefWait wait = new BriefWait();
		failWaits(wait, 10);
		int before = wait.yieldBudget();
		assertThat(wait.await(readyAfterYields(1))).isTrue();
		assertThat(wait.await(readyAfterYields(20))).isTrue();
		assertThat(wait.yieldBudget()).isEqualTo(before + 2);
		for (int i = 0; i < 20; i++) {
			wait.await(readyAfterYields(1));
		}
		assertThat(wait.yieldBudget()).isEqualTo(BriefWait.MAX_YIELDS);
	}

	@Test
	void whenWaitsEndWithoutAHandOffThenTheBudgetIsSpentForGood() {
		BriefWait wait = new BriefWait();
		failWaits(wait, BriefWait.MAX_YIELDS + 5);
		assertThat(wait.yieldBudget()).isZero();
		// A hand-off within the spins says nothing about yielding: the budget stays spent
		assertThat(wait.await(readyAfterYields(0))).isTrue();
		assertThat(wait.yieldBudget()).isZero();
		// A wait with no budget does not yield: a hand-off after one yield is not seen
		assertThat(wait.await(readyAfterYields(1))).isFalse();
		assertThat(wait.yieldBudget()).isZero();
	}

	private static void failWaits(BriefWait wait, int count) {
		for (int i = 0; i < count; i++) {
			assertThat(wait.await(() -> false)).isFalse();
		}
	}

	/**
	 * A hand-off that is seen only after the given number of yields (0: within the
	 * spins), counting the readings a wait makes: one at once, one after each spin, one
	 * after each yield.
	 */
	private static BooleanSupplier readyAfterYields(int yields) {
		int readyAt = 1 + BriefWait.SPINS + yields;
		int[] readings = { 0 };
		return () -> ++readings[0] >= readyAt;
	}

}
