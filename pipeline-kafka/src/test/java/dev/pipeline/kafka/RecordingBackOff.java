package dev.pipeline.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A back-off that hands out the given delays in order, then {@code STOP} (or the last one
 * again, when made with {@link #repeating}), and records every execution started and
 * every delay handed out.
 */
final class RecordingBackOff implements BackOff {

	private final long[] delays;

	final AtomicInteger started = new AtomicInteger();

	final List<Long> handedOut = new CopyOnWriteArrayList<>();

	private final boolean repeat;

	RecordingBackOff(long... delays) {
		this(false, delays);
	}

	private RecordingBackOff(boolean repeat, long... delays) {
		this.delays = delays;
		this.repeat = repeat;
	}

	static RecordingBackOff repeating(long... delays) {
		return new RecordingBackOff(true, delays);
	}

	@Override
	public BackOffExecution start() {
		this.started.incrementAndGet();
		AtomicInteger step = new AtomicInteger();
		return () -> {
			int index = step.getAndIncrement();
			long delay = (index < this.delays.length) ? this.delays[index]
					: this.repeat ? this.delays[this.delays.length - 1] : BackOffExecution.STOP;
			this.handedOut.add(delay);
			return delay;
		};
	}

}
