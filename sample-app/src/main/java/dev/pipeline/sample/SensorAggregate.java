package dev.pipeline.sample;

import java.util.List;

/**
 * The running figures of one sensor: immutable, so a snapshot can be published while the
 * pipeline goes on.
 *
 * @param sensorId the sensor
 * @param count how many readings were folded in
 * @param min the lowest value
 * @param max the highest value
 * @param mean the mean value
 */
public record SensorAggregate(String sensorId, long count, double min, double max, double mean) {

	/**
	 * Folds readings into a new aggregate.
	 * @param sensorId the sensor
	 * @param readings its readings, at least one
	 * @return their aggregate
	 */
	static SensorAggregate of(String sensorId, List<Reading> readings) {
		long count = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		double sum = 0;
		for (Reading reading : readings) {
			count++;
			min = Math.min(min, reading.value());
			max = Math.max(max, reading.value());
			sum += reading.value();
		}
		return new SensorAggregate(sensorId, count, min, max, (count > 0) ? sum / count : 0);
	}

	/**
	 * Combines this aggregate with one of later readings of the same sensor.
	 * @param other the other aggregate
	 * @return the aggregate of both
	 */
	SensorAggregate plus(SensorAggregate other) {
		long total = this.count + other.count;
		double mean = (total > 0) ? (this.mean * this.count + other.mean * other.count) / total : 0;
		return new SensorAggregate(this.sensorId, total, Math.min(this.min, other.min), Math.max(this.max, other.max),
				mean);
	}

	@Override
	public String toString() {
		return String.format("%s count=%d min=%.2f max=%.2f mean=%.2f", this.sensorId, this.count, this.min, this.max,
				this.mean);
	}

}
