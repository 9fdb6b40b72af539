package dev.pipeline.boot.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The one place these tests configure Awaitility. */
public final class Waits {

	private Waits() {
	}

	/**
	 * @return a wait of up to 30 seconds that polls every 10 ms
	 */
	public static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));
	}

}
