package dev.pipeline.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The store of running aggregates, one per sensor (Telluride's {@code SensorTracker}).
 * Batch workers fold batches in; the reporter takes the aggregates that changed since it
 * last looked and publishes them.
 *
 * <p>
 * Thread-safe: an aggregate is an immutable value replaced atomically per sensor
 * ({@link ConcurrentHashMap#merge}), so concurrent batches of one sensor (which the
 * pipeline does not produce, since the batches of one batch key go to one batch worker)
 * would still be counted exactly once.
 */
@Component
public class SensorAggregates {

	private final Map<String, SensorAggregate> bySensor = new ConcurrentHashMap<>();

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	/**
	 * Folds a batch of one sensor's readings into its aggregate. Called by batch workers.
	 * @param sensorId the sensor
	 * @param batch its readings
	 */
	public void add(String sensorId, List<Reading> batch) {
		if (batch.isEmpty()) {
			return;
		}
		this.bySensor.merge(sensorId, SensorAggregate.of(sensorId, batch), SensorAggregate::plus);
		this.changed.add(sensorId);
	}

	/**
	 * Returns the aggregate of a sensor.
	 * @param sensorId the sensor
	 * @return its aggregate, or {@code null} before its first reading
	 */
	public @Nullable SensorAggregate get(String sensorId) {
		return this.bySensor.get(sensorId);
	}

	/**
	 * @return every aggregate, by sensor id
	 */
	public Map<String, SensorAggregate> snapshot() {
		return new TreeMap<>(this.bySensor);
	}

	/**
	 * @return how many readings were aggregated, over all sensors
	 */
	public long totalCount() {
		return this.bySensor.values().stream().mapToLong(SensorAggregate::count).sum();
	}

	/**
	 * Returns the aggregates that changed since the last call, and forgets that they
	 * changed.
	 * @return the changed aggregates, ordered by sensor id
	 */
	public List<SensorAggregate> takeChanged() {
		List<SensorAggregate> taken = new ArrayList<>();
		for (String sensorId : new TreeMap<>(this.bySensor).keySet()) {
			if (this.changed.remove(sensorId)) {
				taken.add(this.bySensor.get(sensorId));
			}
		}
		return taken;
	}

}
