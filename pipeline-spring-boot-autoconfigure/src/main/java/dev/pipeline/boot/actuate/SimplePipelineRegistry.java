package dev.pipeline.boot.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;

/**
 * A {@link PipelineRegistry} over pipelines built in plain Java. A restart applies the
 * overrides it understands to the pipeline's spec ({@link PipelineSpec#toBuilder()}),
 * builds the changed spec, which validates it, and only then calls
 * {@link Pipeline#restart(PipelineSpec)}; an invalid change throws before the running
 * pipeline is touched.
 *
 * <p>
 * Understood overrides: {@code producer.rate-limit.allowed-messages},
 * {@code producer.rate-limit.interval}, {@code processors.default.concurrency},
 * {@code processors.default.max-demand}, {@code processors.default.min-demand},
 * {@code batchers.<name>.batch-size}, {@code batchers.<name>.batch-max-bytes},
 * {@code batchers.<name>.batch-timeout}, {@code batchers.<name>.concurrency},
 * {@code batchers.<name>.max-demand} and {@code shutdown-timeout}. Values are numbers or
 * text ({@code "8"}, {@code "2s"}); durations given as numbers are milliseconds.
 *
 * <p>
 * Thread-safe; the set of pipelines is fixed at construction. Lifecycle (start, stop) is
 * the caller's.
 *
 * @since 0.1.0
 */
public final class SimplePipelineRegistry implements PipelineRegistry {

	private final Map<String, Pipeline<?>> pipelines;

	/**
	 * Creates a registry.
	 * @param pipelines the pipelines; their names must differ
	 * @throws IllegalArgumentException if two pipelines share a name
	 */
	public SimplePipelineRegistry(Collection<? extends Pipeline<?>> pipelines) {
		Map<String, Pipeline<?>> byName = new LinkedHashMap<>();
		for (Pipeline<?> pipeline : pipelines) {
			if (byName.putIfAbsent(pipeline.name(), pipeline) != null) {
				throw new IllegalArgumentException("Two pipelines are named '" + pipeline.name() + "'");
			}
		}
		this.pipelines = byName;
	}

	/**
	 * Creates a registry.
	 * @param pipelines the pipelines; their names must differ
	 * @return the registry
	 */
	public static SimplePipelineRegistry of(Pipeline<?>... pipelines) {
		return new SimplePipelineRegistry(List.of(pipelines));
	}

	@Override
	public List<Pipeline<?>> pipelines() {
		return new ArrayList<>(this.pipelines.values());
	}

	@Override
	public Optional<Pipeline<?>> find(String name) {
		return Optional.ofNullable(this.pipelines.get(name));
	}

	@Override
	public DrainResult restart(String name, Map<String, Object> overrides) {
		return prepareRestart(name, overrides).run();
	}

	@Override
	public PreparedRestart prepareRestart(String name, Map<String, Object> overrides) {
		Pipeline<?> pipeline = find(name)
			.orElseThrow(() -> new NoSuchElementException("No pipeline named '" + name + "'"));
		return prepare(pipeline, overrides);
	}

	private static <T> PreparedRestart prepare(Pipeline<T> pipeline, Map<String, Object> overrides) {
		PipelineSpec<T> changed = SpecOverrides.apply(pipeline.spec(), overrides);
		return () -> pipeline.restart(changed);
	}

}
