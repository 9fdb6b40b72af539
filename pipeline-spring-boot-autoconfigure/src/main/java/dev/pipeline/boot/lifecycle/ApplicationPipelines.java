package dev.pipeline.boot.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.SpecOverrides;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The pipelines of an application, by name, started and drained with the application
 * context, and the {@link PipelineRegistry} the operations side (the {@code pipelines}
 * endpoint, health, metrics) reads and restarts them through. A restart makes the
 * pipeline's spec again with the overrides (from its properties when it was configured
 * through them, else from its running spec) and validates it before the pipeline is
 * touched.
 *
 * <p>
 * Phase {@value #PHASE} ({@code SmartLifecycle.DEFAULT_PHASE - 512}): pipelines start
 * after beans of lower phases are running (the embedded web server starts at
 * {@code DEFAULT_PHASE - 2048}, its graceful shutdown at {@code DEFAULT_PHASE - 1024}),
 * and on shutdown they drain before those stop, so a drain is visible on the Actuator
 * endpoint while it runs. Lifecycle beans of the default phase (a custom source that is
 * itself a {@code SmartLifecycle} should not be one) stop before pipelines do.
 *
 * <p>
 * On stop, every running pipeline drains at once, in parallel, each within its own
 * {@code shutdown-timeout}; the context waits at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase} for the whole phase, so keep that
 * at least as long as the longest shutdown timeout. A stopped context can be started
 * again (Spring's test-context pausing does it): the pipelines start afresh.
 *
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public class ApplicationPipelines implements SmartLifecycle, PipelineRegistry {

	/** The lifecycle phase of pipelines. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Logger logger = LoggerFactory.getLogger(ApplicationPipelines.class);

	private final Map<String, Pipeline<Object>> pipelines = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Set<String> autoStartup = Collections.synchronizedSet(new LinkedHashSet<>());

	private final Map<String, PipelineAssembly> assemblies = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Adds a pipeline.
	 * @param pipeline the pipeline, not started
	 * @param startWithContext whether it starts when the context starts
	 * @throws IllegalStateException if a pipeline with that name is registered
	 */
	public void register(Pipeline<Object> pipeline, boolean startWithContext) {
		if (this.pipelines.putIfAbsent(pipeline.name(), pipeline) != null) {
			throw new IllegalStateException("A pipeline named '" + pipeline.name() + "' is already registered");
		}
		if (startWithContext) {
			this.autoStartup.add(pipeline.name());
		}
	}

	/**
	 * Adds a pipeline configured through properties, which a restart makes again from
	 * them.
	 * @param pipeline the pipeline, not started
	 * @param startWithContext whether it starts when the context starts
	 * @param assembly how it is made again
	 * @throws IllegalStateException if a pipeline with that name is registered
	 */
	public void register(Pipeline<Object> pipeline, boolean startWithContext, PipelineAssembly assembly) {
		register(pipeline, startWithContext);
		this.assemblies.put(pipeline.name(), assembly);
	}

	/**
	 * Returns a pipeline.
	 * @param name its name
	 * @return the pipeline, or {@code null}
	 */
	public @Nullable Pipeline<Object> get(String name) {
		return this.pipelines.get(name);
	}

	/**
	 * @return the names of the pipelines, in the order they were configured
	 */
	public List<String> names() {
		synchronized (this.pipelines) {
			return List.copyOf(this.pipelines.keySet());
		}
	}

	/**
	 * @return the pipelines, in the order they were configured
	 */
	@Override
	public List<Pipeline<?>> pipelines() {
		synchronized (this.pipelines) {
			return List.copyOf(this.pipelines.values());
		}
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
		Pipeline<Object> pipeline = this.pipelines.get(name);
		if (pipeline == null) {
			throw new NoSuchElementException("No pipeline named '" + name + "'");
		}
		PipelineAssembly assembly = this.assemblies.get(name);
		PipelineSpec<Object> changed = (assembly != null) ? assembly.rebuild(overrides)
				: SpecOverrides.apply(pipeline.spec(), overrides);
		return () -> pipeline.restart(changed);
	}

	@Override
	public Optional<Map<String, Object>> effectiveConfiguration(String name) {
		PipelineAssembly assembly = this.assemblies.get(name);
		return (assembly != null) ? Optional.of(assembly.effectiveConfiguration())
				: PipelineRegistry.super.effectiveConfiguration(name);
	}

	@Override
	public void start() {
		for (Pipeline<?> pipeline : pipelines()) {
			if (this.autoStartup.contains(pipeline.name()) && !isActive(pipeline)) {
				pipeline.start();
				logger.info("Pipeline '{}' started, reading from {}", pipeline.name(), pipeline.describeSource());
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		drainAll().join();
		this.running = false;
	}

	@Override
	public void stop(Runnable callback) {
		drainAll().whenComplete((ignored, ex) -> {
			this.running = false;
			callback.run();
		});
	}

	private CompletableFuture<Void> drainAll() {
		List<CompletableFuture<Void>> drains = new ArrayList<>();
		for (Pipeline<?> pipeline : pipelines()) {
			if (isActive(pipeline)) {
				drains.add(CompletableFuture.runAsync(() -> drain(pipeline), (work) -> {
					Thread thread = new Thread(work, "pipeline-drain-" + pipeline.name());
					thread.start();
				}));
			}
		}
		return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
	}

	private static void drain(Pipeline<?> pipeline) {
		DrainResult result = pipeline.drain();
		if (result.completed()) {
			logger.info("Pipeline '{}' drained in {} ms", pipeline.name(), result.took().toMillis());
		}
		else {
			logger.warn(
					"Pipeline '{}' did not drain within its shutdown-timeout ({}); {} messages were released to"
							+ " the source for redelivery",
					pipeline.name(), pipeline.spec().shutdownTimeout(), result.released());
		}
	}

	private static boolean isActive(Pipeline<?> pipeline) {
		PipelineState state = pipeline.state();
		return state == PipelineState.RUNNING || state == PipelineState.PAUSED;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
