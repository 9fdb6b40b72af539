package dev.pipeline.sample;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one place the sample's tests configure Awaitility. */
final class Waits {

	private Waits() {
	}

	/**
	 * @param seconds the longest wait
	 * @return a wait that polls every 20 ms
	 */
	static ConditionFactory await(int seconds) {
		return Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20));
	}

}
