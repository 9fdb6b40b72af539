package dev.pipeline.boot.autoconfigure.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the live pipelines dashboard.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("pipeline.dashboard")
public class PipelineDashboardProperties {

	/**
	 * Whether to serve the live pipelines dashboard (servlet web applications with
	 * Actuator).
	 */
	private boolean enabled;

	/**
	 * Path of the dashboard page, relative to the servlet context.
	 */
	private String path = "/pipelines-dashboard";

	/**
	 * How often the page reads the pipelines endpoint.
	 */
	private Duration refreshInterval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

}
