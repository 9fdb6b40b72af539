package dev.pipeline.docs.readme;

/**
 * A sensor reading, as the README's prose declares it.
 *
 * @param sensorId the sensor
 * @param value the value read
 */
record Reading(String sensorId, double value) {
}
