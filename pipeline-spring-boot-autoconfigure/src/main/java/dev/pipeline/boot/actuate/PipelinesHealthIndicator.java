package dev.pipeline.boot.actuate;

import java.util.stream.Stream;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.PipelineStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of every pipeline, one component each (contributed as {@code pipelines}, so
 * {@code /actuator/health/pipelines/orders} is the pipeline {@code orders}). The set of
 * pipelines is read from the {@link PipelineRegistry} on every check.
 *
 * <table>
 * <caption>Status per pipeline state</caption>
 * <tr>
 * <th>pipeline</th>
 * <th>status</th>
 * </tr>
 * <tr>
 * <td>{@code RUNNING}, source connected</td>
 * <td>{@code UP}</td>
 * </tr>
 * <tr>
 * <td>{@code PAUSED}, source connected</td>
 * <td>{@code UP}, with detail {@code state: PAUSED}: a pause is an operator's deliberate,
 * reversible hold; the application is healthy and must not be restarted or taken out of
 * service for it</td>
 * </tr>
 * <tr>
 * <td>source disconnected from its broker (running or paused)</td>
 * <td>{@code DOWN}</td>
 * </tr>
 * <tr>
 * <td>{@code FAILED}</td>
 * <td>{@code DOWN}</td>
 * </tr>
 * <tr>
 * <td>{@code DRAINING}, {@code STOPPED}, {@code NEW}</td>
 * <td>{@code OUT_OF_SERVICE}: not taking messages, by an operator's or the lifecycle's
 * decision</td>
 * </tr>
 * </table>
 *
 * <p>
 * Details: {@code state}, {@code source}, {@code connected}, {@code inFlight},
 * {@code succeeded} and {@code failed}. Checks read the pipeline's figures and never
 * block on its stages.
 *
 * @since 0.1.0
 */
public final class PipelinesHealthIndicator implements CompositeHealthContributor {

	private final PipelineRegistry registry;

	/**
	 * Creates the contributor.
	 * @param registry the pipelines
	 */
	public PipelinesHealthIndicator(PipelineRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.registry.find(name).map(PipelinesHealthIndicator::indicator).orElse(null);
	}

	@Override
	public Stream<Entry> stream() {
		return this.registry.pipelines().stream().map((pipeline) -> new Entry(pipeline.name(), indicator(pipeline)));
	}

	private static HealthIndicator indicator(Pipeline<?> pipeline) {
		return () -> health(pipeline);
	}

	/**
	 * Says how one pipeline is.
	 * @param pipeline the pipeline
	 * @return its health
	 */
	public static Health health(Pipeline<?> pipeline) {
		PipelineStats stats = pipeline.stats();
		PipelineState state = stats.state();
		boolean connected = pipeline.isConnected();
		return Health.status(status(state, connected))
			.withDetail("state", state)
			.withDetail("source", pipeline.describeSource())
			.withDetail("connected", connected)
			.withDetail("inFlight", stats.inFlight())
			.withDetail("succeeded", stats.succeeded())
			.withDetail("failed", stats.failed())
			.build();
	}

	static Status status(PipelineState state, boolean connected) {
		return switch (state) {
			case RUNNING, PAUSED -> connected ? Status.UP : Status.DOWN;
			case FAILED -> Status.DOWN;
			case NEW, DRAINING, STOPPED -> Status.OUT_OF_SERVICE;
		};
	}

}
