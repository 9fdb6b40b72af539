package dev.pipeline.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.pipeline.core.BatchMode;
import dev.pipeline.core.Message;
import dev.pipeline.core.source.InMemorySource;

/**
 * Pushes test messages through a pipeline whose source is an {@link InMemorySource}, and
 * hands back a {@link TestAck} to wait for their acknowledgement: Broadway's
 * {@code test_message} and {@code test_batch}.
 *
 * <pre class="code">
 * InMemorySource&lt;String&gt; source = new InMemorySource&lt;&gt;();
 * Pipeline&lt;String&gt; pipeline = Pipeline.create(Pipeline.&lt;String&gt;builder("orders").source(source)...build());
 * pipeline.start();
 * PipelineTester&lt;String&gt; tester = PipelineTester.of(source);
 *
 * AckResult&lt;String&gt; result = tester.send("order-1").await();
 * assertThat(result.succeeded()).hasSize(1);
 * </pre>
 *
 * <p>
 * Thread-safe. Test messages go through demand like any other message, so they never
 * bypass back-pressure.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public final class PipelineTester<T> {

	private final InMemorySource<T> source;

	private PipelineTester(InMemorySource<T> source) {
		this.source = source;
	}

	/**
	 * Creates a tester that pushes into the given source.
	 * @param source the pipeline's in-memory source
	 * @param <T> the type of the data
	 * @return the tester
	 */
	public static <T> PipelineTester<T> of(InMemorySource<T> source) {
		return new PipelineTester<>(Objects.requireNonNull(source, "source"));
	}

	/**
	 * Sends one message in flush mode, so its batch is emitted without waiting for size
	 * or timeout.
	 * @param data the data
	 * @return the acknowledgement to wait for
	 */
	public TestAck<T> send(T data) {
		return send(data, Map.of());
	}

	/**
	 * Sends one message with metadata, in flush mode.
	 * @param data the data
	 * @param metadata the metadata a real source would attach
	 * @return the acknowledgement to wait for
	 */
	public TestAck<T> send(T data, Map<String, ?> metadata) {
		return sendAll(List.of(data), metadata, BatchMode.FLUSH);
	}

	/**
	 * Sends several messages in bulk mode: they batch as they would in production.
	 * @param data the data, in order
	 * @return the acknowledgement to wait for
	 */
	public TestAck<T> sendBatch(List<? extends T> data) {
		return sendAll(data, Map.of(), BatchMode.BULK);
	}

	/**
	 * Sends several messages.
	 * @param data the data, in order
	 * @param mode bulk, or flush to emit each message's batch at once
	 * @return the acknowledgement to wait for
	 */
	public TestAck<T> sendBatch(List<? extends T> data, BatchMode mode) {
		return sendAll(data, Map.of(), mode);
	}

	private TestAck<T> sendAll(List<? extends T> data, Map<String, ?> metadata, BatchMode mode) {
		TestAck<T> ack = new TestAck<>(data.size());
		List<Message<T>> messages = new ArrayList<>(data.size());
		for (T item : data) {
			Message<T> message = Message.of(item, metadata, ack, null);
			messages.add((mode == BatchMode.FLUSH) ? message.withBatchMode(BatchMode.FLUSH) : message);
		}
		this.source.push(messages);
		return ack;
	}

}
