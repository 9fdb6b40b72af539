package dev.pipeline.core.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Source;
import dev.pipeline.core.source.GeneratorSource;

/**
 * A generator that records how the engine drives it: demand after a drain started, stops,
 * releases.
 */
final class RecordingSource implements Source<Long> {

	final GeneratorSource<Long> generator;

	final AtomicBoolean fetchingStopped = new AtomicBoolean();

	final AtomicLong requestedAfterStop = new AtomicLong();

	final AtomicInteger stops = new AtomicInteger();

	RecordingSource(long limit) {
		this.generator = GeneratorSource.of((i) -> i, limit, 0);
	}

	@Override
	public void start(Emitter<Long> emitter) {
		this.generator.start(emitter);
	}

	@Override
	public void request(int count) {
		if (this.fetchingStopped.get()) {
			this.requestedAfterStop.addAndGet(count);
		}
		this.generator.request(count);
	}

	@Override
	public void stopFetching() {
		this.fetchingStopped.set(true);
		this.generator.stopFetching();
	}

	@Override
	public void stop() {
		this.stops.incrementAndGet();
		this.generator.stop();
	}

}
