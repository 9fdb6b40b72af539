package dev.pipeline.sample;

import java.util.SplittableRandom;
import java.util.function.LongFunction;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes reading {@code n} of the embedded generator source: a sensor picked at random
 * among {@code sample.sensors}, and a value around that sensor's own level. Seeded, so
 * every run sees the same readings. Named in {@code producer.generator.payload-bean}.
 */
@Component
public class SensorSimulator implements LongFunction<Reading> {

	private static final long SEED = 42;

	private final int sensors;

	public SensorSimulator(@Value("${sample.sensors:20}") int sensors) {
		this.sensors = sensors;
	}

	@Override
	public Reading apply(long n) {
		SplittableRandom random = new SplittableRandom(SEED * 1_000_003 + n);
		int sensor = random.nextInt(this.sensors);
		double level = 10.0 + sensor * 5.0;
		return new Reading("sensor-" + sensor, level + random.nextDouble(-2.0, 2.0), System.currentTimeMillis());
	}

}
