package dev.pipeline.boot.test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.source.PipelineSourceReplacement;
import dev.pipeline.core.BatchMode;
import dev.pipeline.core.source.InMemorySource;
import dev.pipeline.core.testing.PipelineTester;
import dev.pipeline.core.testing.TestAck;

/**
 * Pushes test messages into the pipelines of an application whose sources were replaced
 * by in-memory ones ({@link AutoConfigurePipelineTest}, or
 * {@code pipeline.test.in-memory=true} with this module on the classpath), and hands back
 * a {@link TestAck} to wait for their acknowledgement. Data is handed to the handlers as
 * it is given: a {@code String} or {@code byte[]} is converted to the handler's payload
 * type as a broker's bytes would be; an object of that type is used as it is. Wraps the
 * engine's {@link PipelineTester}. Thread-safe.
 *
 * @since 0.1.0
 */
public class PipelineTestClient implements PipelineSourceReplacement {

	private final Map<String, InMemorySource<Object>> sources = new ConcurrentHashMap<>();

	/**
	 * Returns the in-memory source of a pipeline, making it on first use; called when the
	 * pipeline is built.
	 * @param pipeline the pipeline's name
	 * @return its source
	 */
	@Override
	public InMemorySource<Object> source(String pipeline) {
		return this.sources.computeIfAbsent(pipeline, (name) -> new InMemorySource<>("in-memory (test)"));
	}

	/**
	 * Returns the engine's tester of a pipeline.
	 * @param pipeline the pipeline's name
	 * @return the tester
	 * @throws IllegalArgumentException if no such pipeline is configured
	 */
	public PipelineTester<Object> tester(String pipeline) {
		InMemorySource<Object> source = this.sources.get(pipeline);
		if (source == null) {
			throw new IllegalArgumentException("No pipeline '" + pipeline + "' is configured; configured pipelines: "
					+ Set.copyOf(this.sources.keySet()) + ".");
		}
		return PipelineTester.of(source);
	}

	/**
	 * Sends one message, in flush mode (its batch is emitted at once).
	 * @param pipeline the pipeline's name
	 * @param data the data, as a source would emit it
	 * @return the acknowledgement to wait for
	 */
	public TestAck<Object> send(String pipeline, Object data) {
		return tester(pipeline).send(data);
	}

	/**
	 * Sends one message with metadata, in flush mode.
	 * @param pipeline the pipeline's name
	 * @param data the data
	 * @param metadata the metadata a real source would attach
	 * @return the acknowledgement to wait for
	 */
	public TestAck<Object> send(String pipeline, Object data, Map<String, ?> metadata) {
		return tester(pipeline).send(data, metadata);
	}

	/**
	 * Sends several messages in bulk mode: they batch as they would in production.
	 * @param pipeline the pipeline's name
	 * @param data the data, in order
	 * @return the acknowledgement to wait for
	 */
	public TestAck<Object> sendBatch(String pipeline, List<?> data) {
		return tester(pipeline).sendBatch(data);
	}

	/**
	 * Sends several messages.
	 * @param pipeline the pipeline's name
	 * @param data the data, in order
	 * @param mode bulk, or flush to emit each message's batch at once
	 * @return the acknowledgement to wait for
	 */
	public TestAck<Object> sendBatch(String pipeline, List<?> data, BatchMode mode) {
		return tester(pipeline).sendBatch(data, mode);
	}

}
