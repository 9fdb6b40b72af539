package dev.pipeline.sample;

import java.util.function.Consumer;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The sensors of the broker profiles (Telluride's {@code TellurideSensor}): publishes
 * {@code sample.simulator.rate} readings per second, made by {@link SensorSimulator},
 * through a broker-specific sender. Declared by the profile's configuration when
 * {@code sample.simulator.enabled} is true.
 */
public class BrokerSimulator {

	private static final Logger logger = LoggerFactory.getLogger(BrokerSimulator.class);

	private static final int TICKS_PER_SECOND = 10;

	private final LongFunction<Reading> readings;

	private final Consumer<Reading> sender;

	private final int perTick;

	private long next;

	private boolean failing;

	/**
	 * Creates a simulator.
	 * @param readings makes reading {@code n}
	 * @param sender publishes one reading
	 * @param rate readings per second
	 */
	public BrokerSimulator(LongFunction<Reading> readings, Consumer<Reading> sender, int rate) {
		this.readings = readings;
		this.sender = sender;
		this.perTick = Math.max(1, rate / TICKS_PER_SECOND);
	}

	@Scheduled(fixedRate = 1000 / TICKS_PER_SECOND)
	void tick() {
		try {
			for (int i = 0; i < this.perTick; i++) {
				this.sender.accept(this.readings.apply(this.next));
				this.next++;
			}
			if (this.failing) {
				this.failing = false;
				logger.info("Simulator publishes again, from reading {}", this.next);
			}
		}
		catch (RuntimeException ex) {
			// logged once per outage: the broker may be away for a while
			if (!this.failing) {
				this.failing = true;
				logger.warn("Simulator could not publish reading {}, retrying every tick: {}", this.next,
						ex.toString());
			}
		}
	}

}
