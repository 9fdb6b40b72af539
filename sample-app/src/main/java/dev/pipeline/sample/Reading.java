package dev.pipeline.sample;

/**
 * One sensor reading.
 *
 * @param sensorId the sensor
 * @param value the value read
 * @param timestamp when it was read, epoch milliseconds
 */
public record Reading(String sensorId, double value, long timestamp) {
}
