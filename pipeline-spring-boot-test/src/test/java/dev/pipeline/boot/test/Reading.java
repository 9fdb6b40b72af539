package dev.pipeline.boot.test;

/**
 * A sensor reading, the payload type of the binding tests.
 *
 * @param sensorId the sensor
 * @param value the value read
 */
public record Reading(String sensorId, double value) {

	/**
	 * @return this reading as JSON
	 */
	public String json() {
		return "{\"sensorId\":\"" + this.sensorId + "\",\"value\":" + this.value + "}";
	}

}
