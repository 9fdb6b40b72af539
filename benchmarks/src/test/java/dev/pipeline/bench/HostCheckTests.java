package dev.pipeline.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host check between runs reports both figures, and ends within its trials' time
 * bound even when the machine is too busy to run its two threads at once.
 */
class HostCheckTests {

	private static final Pattern FIGURES = Pattern
		.compile("cross-core round trip (\\d+) ns, one core (\\d+\\.\\d+) ns/step");

	@Test
	void whenMeasuredThenBothFiguresArePositive() {
		Matcher figures = FIGURES.matcher(HostCheck.measure());
		assertThat(figures.matches()).isTrue();
		assertThat(Long.parseLong(figures.group(1))).isPositive();
		assertThat(Double.parseDouble(figures.group(2))).isPositive();
	}

	@Test
	void whenBothCoresAreBusyThenTheCheckStillEndsWithinItsBound() throws InterruptedException {
		Thread[] busy = new Thread[Runtime.getRuntime().availableProcessors()];
		for (int i = 0; i < busy.length; i++) {
			busy[i] = new Thread(() -> {
				long x = 1;
				while (!Thread.currentThread().isInterrupted()) {
					x = x * 31 + 7;
				}
			});
			busy[i].setDaemon(true);
			busy[i].start();
		}
		try {
			long start = System.nanoTime();
			assertThat(HostCheck.measure()).matches(FIGURES);
			// five trials of at most 20 ms each, the one-core loop and the threads'
			// starts
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			for (Thread thread : busy) {
				thread.interrupt();
				thread.join();
			}
		}
	}

}
