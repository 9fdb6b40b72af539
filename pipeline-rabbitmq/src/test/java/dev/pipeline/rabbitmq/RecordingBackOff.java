package dev.pipeline.rabbitmq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A back-off that hands out the given delays in order, then the last one again, and
 * records every execution started and every delay handed out.
 */
final class RecordingBackOff implements BackOff {

	private final long[] delays;

	final AtomicInteger started = new AtomicInteger();

	final List<Long> handedOut = new CopyOnWriteArrayList<>();

	RecordingBackOff(long... delays) {
		this.delays = delays;
	}

	@Override
	public BackOffExecution start() {
		this.started.incrementAndGet();
		AtomicInteger step = new AtomicInteger();
		return () -> {
			long delay = this.delays[Math.min(step.getAndIncrement(), this.delays.length - 1)];
			this.handedOut.add(delay);
			return delay;
		};
	}

}
