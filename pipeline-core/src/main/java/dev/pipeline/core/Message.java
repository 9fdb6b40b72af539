package dev.pipeline.core;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One message travelling through a pipeline: its data, the metadata its source attached,
 * its status, where it goes next (batcher, batch key, batch mode) and how it is
 * acknowledged.
 *
 * <p>
 * A message is immutable: every {@code with…}/{@code to…} method returns a copy. Copies
 * keep the identity of the message they were made from ({@link #isSameAs(Message)}),
 * which is how the engine recognises a message a handler returns and how it settles each
 * message exactly once.
 *
 * <p>
 * Messages are created by sources ({@link #of(Object, Acknowledger, Object)}) and by the
 * test API. Handlers run on engine threads; a message may be handed between threads,
 * which the engine does with happens-before.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public final class Message<T> {

	/** The batcher name the engine uses when a handler names none. */
	public static final String DEFAULT_BATCHER = "default";

	private final T data;

	private final Map<String, Object> metadata;

	private final MessageStatus status;

	private final @Nullable String batcher;

	private final @Nullable Object batchKey;

	private final BatchMode batchMode;

	private final Acknowledger acknowledger;

	private final @Nullable Object ackData;

	private final Message<?> origin;

	@SuppressWarnings("this-escape")
	private Message(T data, Map<String, Object> metadata, Acknowledger acknowledger, @Nullable Object ackData,
			@Nullable Object batchKey) {
		this.data = data;
		this.metadata = metadata;
		this.status = MessageStatus.OK;
		this.batcher = null;
		this.batchKey = batchKey;
		this.batchMode = BatchMode.BULK;
		this.acknowledger = acknowledger;
		this.ackData = ackData;
		this.origin = this;
	}

	private Message(Message<?> from, T data, Map<String, Object> metadata, MessageStatus status,
			@Nullable String batcher, @Nullable Object batchKey, BatchMode batchMode, Acknowledger acknowledger,
			@Nullable Object ackData) {
		this.data = data;
		this.metadata = metadata;
		this.status = status;
		this.batcher = batcher;
		this.batchKey = batchKey;
		this.batchMode = batchMode;
		this.acknowledger = acknowledger;
		this.ackData = ackData;
		this.origin = from.origin;
	}

	/**
	 * Creates a message with no metadata.
	 * @param data the data
	 * @param acknowledger who settles the message; messages that share an acknowledger
	 * are settled together
	 * @param ackData per-message data for the acknowledger (a delivery tag, an offset),
	 * or {@code null}
	 * @param <T> the type of the data
	 * @return a new message with status ok
	 */
	public static <T> Message<T> of(T data, Acknowledger acknowledger, @Nullable Object ackData) {
		return new Message<>(data, Map.of(), acknowledger, ackData, null);
	}

	/**
	 * Creates a message.
	 * @param data the data
	 * @param metadata what the source knows about the message (headers, routing key,
	 * offset...); copied, unless it is a {@link SourceMetadata}
	 * @param acknowledger who settles the message
	 * @param ackData per-message data for the acknowledger, or {@code null}
	 * @param <T> the type of the data
	 * @return a new message with status ok
	 */
	public static <T> Message<T> of(T data, Map<String, ?> metadata, Acknowledger acknowledger,
			@Nullable Object ackData) {
		return of(data, metadata, acknowledger, ackData, null);
	}

	/**
	 * Creates a message with a batch key: the same as
	 * {@code of(data, metadata, acknowledger, ackData).withBatchKey(batchKey)}, in one
	 * object, for a source that keys every message it emits.
	 * @param data the data
	 * @param metadata what the source knows about the message; copied, unless it is a
	 * {@link SourceMetadata}
	 * @param acknowledger who settles the message
	 * @param ackData per-message data for the acknowledger, or {@code null}
	 * @param batchKey the batch key; {@code null} for the default batch
	 * @param <T> the type of the data
	 * @return a new message with status ok
	 * @see #withBatchKey(Object)
	 */
	public static <T> Message<T> of(T data, Map<String, ?> metadata, Acknowledger acknowledger,
			@Nullable Object ackData, @Nullable Object batchKey) {
		return new Message<>(data, kept(metadata), acknowledger, ackData, batchKey);
	}

	private static Map<String, Object> kept(Map<String, ?> metadata) {
		return (metadata instanceof SourceMetadata view) ? view : Map.copyOf(metadata);
	}

	/**
	 * @return the data
	 */
	public T data() {
		return this.data;
	}

	/**
	 * @return the source's metadata, never {@code null}, unmodifiable
	 */
	public Map<String, Object> metadata() {
		return this.metadata;
	}

	/**
	 * @return the status: ok, or failed with a reason
	 */
	public MessageStatus status() {
		return this.status;
	}

	/**
	 * @return whether the message has not failed
	 */
	public boolean isOk() {
		return this.status == MessageStatus.OK;
	}

	/**
	 * @return whether the message has failed
	 */
	public boolean isFailed() {
		return this.status != MessageStatus.OK;
	}

	/**
	 * @return the batcher named by a handler, or {@code null} when none was named
	 */
	public @Nullable String batcher() {
		return this.batcher;
	}

	/**
	 * @return the batch key, or {@code null} for the default batch of its batcher
	 */
	public @Nullable Object batchKey() {
		return this.batchKey;
	}

	/**
	 * @return whether the message joins a batch in bulk or flushes it at once
	 */
	public BatchMode batchMode() {
		return this.batchMode;
	}

	/**
	 * @return the acknowledger that settles this message
	 */
	public Acknowledger acknowledger() {
		return this.acknowledger;
	}

	/**
	 * @return the acknowledger's per-message data, or {@code null}
	 */
	public @Nullable Object ackData() {
		return this.ackData;
	}

	/**
	 * Returns whether this message and {@code other} are copies of the same message taken
	 * from a source.
	 * @param other another message
	 * @return whether both come from the same original message
	 */
	public boolean isSameAs(Message<?> other) {
		return this.origin == other.origin;
	}

	/**
	 * Returns the original message this one was copied from, an identity token for the
	 * engine.
	 * @return the message as its source emitted it
	 */
	public Message<?> origin() {
		return this.origin;
	}

	/**
	 * Returns a copy with new data.
	 * @param newData the new data
	 * @param <R> the type of the new data
	 * @return a copy carrying {@code newData}
	 */
	public <R> Message<R> withData(R newData) {
		return new Message<>(this, newData, this.metadata, this.status, this.batcher, this.batchKey, this.batchMode,
				this.acknowledger, this.ackData);
	}

	/**
	 * Returns a copy routed to the named batcher.
	 * @param batcherName the batcher, as configured
	 * @return a copy for that batcher
	 */
	public Message<T> toBatcher(String batcherName) {
		Objects.requireNonNull(batcherName, "batcherName");
		return new Message<>(this, this.data, this.metadata, this.status, batcherName, this.batchKey, this.batchMode,
				this.acknowledger, this.ackData);
	}

	/**
	 * Returns a copy with a batch key: a batcher keeps one open batch per key, and
	 * batches of one key always go to the same batch worker, in order.
	 * @param key the batch key; {@code null} for the default batch
	 * @return a copy with that key
	 */
	public Message<T> withBatchKey(@Nullable Object key) {
		return new Message<>(this, this.data, this.metadata, this.status, this.batcher, key, this.batchMode,
				this.acknowledger, this.ackData);
	}

	/**
	 * Returns a copy with a batch mode; {@link BatchMode#FLUSH} emits the batch that
	 * holds this message as soon as the chunk that brought it is handled.
	 * @param mode the mode
	 * @return a copy with that mode
	 */
	public Message<T> withBatchMode(BatchMode mode) {
		return new Message<>(this, this.data, this.metadata, this.status, this.batcher, this.batchKey,
				Objects.requireNonNull(mode, "mode"), this.acknowledger, this.ackData);
	}

	/**
	 * Returns a copy with extra metadata entries.
	 * @param key the key
	 * @param value the value
	 * @return a copy whose metadata holds the entry
	 */
	public Message<T> withMetadata(String key, Object value) {
		java.util.HashMap<String, Object> copy = new java.util.HashMap<>(this.metadata);
		copy.put(key, value);
		return new Message<>(this, this.data, Map.copyOf(copy), this.status, this.batcher, this.batchKey,
				this.batchMode, this.acknowledger, this.ackData);
	}

	/**
	 * Returns a failed copy: it skips later stages, goes through the failure handler and
	 * is acknowledged as failed.
	 * @param reason why it failed, a sentence
	 * @return a failed copy
	 */
	public Message<T> failed(String reason) {
		return withStatus(new MessageStatus.Failed(reason, null));
	}

	/**
	 * Returns a failed copy that keeps the exception that failed it.
	 * @param reason why it failed
	 * @param cause the exception
	 * @return a failed copy
	 */
	public Message<T> failed(String reason, @Nullable Throwable cause) {
		return withStatus(new MessageStatus.Failed(reason, cause));
	}

	/**
	 * Returns a copy with the given status.
	 * @param newStatus the status
	 * @return a copy
	 */
	public Message<T> withStatus(MessageStatus newStatus) {
		return new Message<>(this, this.data, this.metadata, Objects.requireNonNull(newStatus, "newStatus"),
				this.batcher, this.batchKey, this.batchMode, this.acknowledger, this.ackData);
	}

	/**
	 * Returns a copy whose acknowledgement is configured by {@code option}, as the
	 * acknowledger understands it (for example, RabbitMQ's requeue-on-failure for this
	 * message only).
	 * @param option an option the acknowledger supports
	 * @return a copy with the acknowledger's new per-message data
	 * @throws UnsupportedOperationException if the acknowledger does not support the
	 * option
	 */
	public Message<T> configureAck(Object option) {
		Object newAckData = this.acknowledger.configure(this.ackData, option);
		return new Message<>(this, this.data, this.metadata, this.status, this.batcher, this.batchKey, this.batchMode,
				this.acknowledger, newAckData);
	}

	/**
	 * Acknowledges this message now (as successful when ok, as failed otherwise) and
	 * returns a copy whose acknowledgement at the end of the pipeline does nothing. For
	 * at-most-once processing.
	 *
	 * <p>
	 * WARNING: the source forgets the message at once; a crash afterwards loses it.
	 * @return a copy that is already settled at its source
	 */
	public Message<T> acknowledgeImmediately() {
		if (isOk()) {
			this.acknowledger.acknowledge(java.util.List.of(this), java.util.List.of());
		}
		else {
			this.acknowledger.acknowledge(java.util.List.of(), java.util.List.of(this));
		}
		return new Message<>(this, this.data, this.metadata, this.status, this.batcher, this.batchKey, this.batchMode,
				Acknowledger.NOOP, null);
	}

	@Override
	public String toString() {
		return "Message[data=" + this.data + ", status=" + this.status
				+ ((this.batcher != null) ? ", batcher=" + this.batcher : "")
				+ ((this.batchKey != null) ? ", batchKey=" + this.batchKey : "") + "]";
	}

}
