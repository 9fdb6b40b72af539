package dev.pipeline.boot.actuate;

import java.time.Instant;
import java.util.Map;

import dev.pipeline.boot.actuate.ActionResultDescriptor.DrainDescriptor;
import dev.pipeline.core.PipelineState;
import org.jspecify.annotations.Nullable;

/**
 * A {@code drain} or {@code restart} under way or done: the body of the {@code 202} that
 * {@code POST /actuator/pipelines/{name}} answers for them, and of {@code GET
 * /actuator/pipelines/{name}/operations/{id}}.
 *
 * @param id the operation's id, unique within the application's run
 * @param pipeline the pipeline's name
 * @param action {@code drain} or {@code restart}
 * @param state {@code IN_PROGRESS}, then {@code COMPLETED} or {@code FAILED}
 * @param startedAt when it started
 * @param finishedAt when it finished, or {@code null} while in progress
 * @param progress the pipeline as it is now
 * @param result what it did, once {@code COMPLETED}; {@code null} otherwise
 * @param error why it failed, once {@code FAILED}; {@code null} otherwise
 * @param href where to read it over HTTP, such as
 * {@code /actuator/pipelines/orders/operations/3}; {@code null} over JMX
 * @since 0.2.0
 */
public record OperationDescriptor(String id, String pipeline, String action, State state, Instant startedAt,
		@Nullable Instant finishedAt, ProgressDescriptor progress, @Nullable ResultDescriptor result,
		@Nullable ErrorDescriptor error, @Nullable String href) {

	/**
	 * Returns this descriptor with a link.
	 * @param link where to read the operation over HTTP
	 * @return the descriptor with {@code href} set
	 */
	OperationDescriptor withHref(String link) {
		return new OperationDescriptor(this.id, this.pipeline, this.action, this.state, this.startedAt, this.finishedAt,
				this.progress, this.result, this.error, link);
	}

	/**
	 * The state of an operation.
	 */
	public enum State {

		/** Running: the pipeline is draining (and, for a restart, starts again next). */
		IN_PROGRESS,

		/** Done: see its {@code result}. */
		COMPLETED,

		/** Failed: see its {@code error}. */
		FAILED

	}

	/**
	 * How far an operation is.
	 *
	 * @param state the pipeline's state now ({@code DRAINING} during the drain)
	 * @param inFlight messages fetched and not yet settled: what the drain still waits
	 * for
	 * @param elapsedMillis milliseconds since the operation started, or its duration once
	 * finished
	 */
	public record ProgressDescriptor(PipelineState state, long inFlight, long elapsedMillis) {
	}

	/**
	 * What a finished operation did.
	 *
	 * @param state the pipeline's state when it finished: {@code STOPPED} after a drain,
	 * {@code RUNNING} after a restart
	 * @param drain how the drain went
	 * @param configuration for a restart, the settings the pipeline now runs with (as in
	 * {@code GET /actuator/pipelines/{name}}); {@code null} for a drain
	 */
	public record ResultDescriptor(PipelineState state, DrainDescriptor drain,
			@Nullable Map<String, Object> configuration) {
	}

}
