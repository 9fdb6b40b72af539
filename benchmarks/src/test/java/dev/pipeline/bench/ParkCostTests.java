package dev.pipeline.bench;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The park-cost figures: each hand-off of the turn wakes the waiting thread (no wake-up
 * is lost, or the run would hang on an untimed park), and every figure is a CPU time.
 */
class ParkCostTests {

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void whenTheTurnIsPassedBackAndForthThenEveryCycleEndsAndCostsSomeCpu() throws InterruptedException {
		assertThat(ParkCost.handOffs(500, 0)).isPositive();
		assertThat(ParkCost.handOffs(500, TimeUnit.MILLISECONDS.toNanos(1))).isPositive();
	}

	@Test
	void whenATimedParkRunsOutThenItsCostIsMeasured() {
		assertThat(ParkCost.timeouts(50, TimeUnit.MILLISECONDS.toNanos(1))).isPositive();
	}

}
