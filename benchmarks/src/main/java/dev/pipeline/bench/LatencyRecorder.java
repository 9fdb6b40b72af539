package dev.pipeline.bench;

import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;

/**
 * The acknowledger of a latency run: on entry it reads the monotonic clock once, and
 * records, for every message of the call, that time minus the message's creation
 * timestamp (its data); then it counts the messages towards the finish line like
 * {@link FinishLine}. Called concurrently from the last stage's threads.
 */
final class LatencyRecorder implements Acknowledger {

	private final LatencyHistogram histogram = new LatencyHistogram();

	private final FinishLine finish;

	/**
	 * Creates the acknowledger of one run.
	 * @param expected how many messages the run sends
	 */
	LatencyRecorder(long expected) {
		this.finish = new FinishLine(expected, false);
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		long now = System.nanoTime();
		int n = successful.size();
		int i = 0;
		while (i < n) {
			long stamp = (Long) successful.get(i).data();
			int run = 1;
			while (i + run < n && (Long) successful.get(i + run).data() == stamp) {
				run++;
			}
			this.histogram.record(now - stamp, run);
			i += run;
		}
		this.finish.acknowledge(successful, failures);
	}

	/**
	 * @return the latencies recorded so far
	 */
	LatencyHistogram histogram() {
		return this.histogram;
	}

	/**
	 * @return the finish line, to wait for and check
	 */
	FinishLine finish() {
		return this.finish;
	}

}
