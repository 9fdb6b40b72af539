package dev.pipeline.docs.gettingstarted;

/**
 * A sensor reading.
 *
 * @param sensorId the sensor
 * @param value the value read
 */
record Reading(String sensorId, double value) {
}
