package dev.pipeline.boot.autoconfigure.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code pipelines} Actuator endpoint's default security.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("pipeline.actuator")
public class PipelineActuatorProperties {

	/**
	 * Role (without the ROLE_ prefix) an authenticated user needs to carry out actions
	 * (POST) on the pipelines endpoint.
	 */
	private String writeRole = "PIPELINE_ADMIN";

	public String getWriteRole() {
		return this.writeRole;
	}

	public void setWriteRole(String writeRole) {
		this.writeRole = writeRole;
	}

}
