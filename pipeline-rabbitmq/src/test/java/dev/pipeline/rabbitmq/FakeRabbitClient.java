package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * A broker in memory behind the client seam: records every frame a source sends, and lets
 * a test deliver messages, kill channels and refuse connections.
 */
final class FakeRabbitClient implements RabbitClient {

	final List<FakeChannel> channels = new CopyOnWriteArrayList<>();

	/** How many of the next opens fail, as if the broker were down. */
	final AtomicInteger refusals = new AtomicInteger();

	@Override
	public RabbitChannel open() throws IOException {
		if (this.refusals.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new IOException("Connection refused");
		}
		FakeChannel channel = new FakeChannel();
		this.channels.add(channel);
		return channel;
	}

	@Override
	public String describe() {
		return "fake";
	}

	FakeChannel last() {
		return this.channels.get(this.channels.size() - 1);
	}

	/** An ack or nack frame, as sent. */
	record Frame(String kind, long tag, boolean multiple) {

		static Frame ack(long tag, boolean multiple) {
			return new Frame("ack", tag, multiple);
		}

		static Frame reject(long tag, boolean multiple) {
			return new Frame("reject", tag, multiple);
		}

		static Frame requeue(long tag, boolean multiple) {
			return new Frame("requeue", tag, multiple);
		}

	}

	static final class FakeChannel implements RabbitChannel {

		final List<Frame> frames = new CopyOnWriteArrayList<>();

		volatile int prefetch;

		volatile @Nullable String consumerTag;

		volatile @Nullable String cancelledTag;

		volatile boolean closed;

		/** The thread that called {@link #close()}, if one did. */
		volatile @Nullable Thread closedBy;

		private volatile @Nullable Deliveries deliveries;

		private long nextTag = 1;

		@Override
		public void qos(int count) {
			this.prefetch = count;
		}

		@Override
		public void consume(String queue, String tag, Deliveries target) {
			this.consumerTag = tag;
			this.deliveries = target;
		}

		@Override
		public void cancel(String tag) throws IOException {
			ensureOpen();
			this.cancelledTag = tag;
			Deliveries target = this.deliveries;
			this.deliveries = null;
			if (target != null) {
				target.cancelled(false);
			}
		}

		@Override
		public void ack(long tag, boolean multiple) throws IOException {
			ensureOpen();
			this.frames.add(Frame.ack(tag, multiple));
		}

		@Override
		public void nack(long tag, boolean multiple, boolean requeue) throws IOException {
			ensureOpen();
			this.frames.add(requeue ? Frame.requeue(tag, multiple) : Frame.reject(tag, multiple));
		}

		@Override
		public void close() {
			if (this.closedBy == null) {
				this.closedBy = Thread.currentThread();
			}
			die("closed by the application");
		}

		@Override
		public boolean isOpen() {
			return this.closedBy == null;
		}

		/** Delivers messages with the next tags. */
		void deliver(int count) {
			for (int i = 0; i < count; i++) {
				deliver(("m" + this.nextTag).getBytes(), false, Map.of());
			}
		}

		synchronized void deliver(byte[] body, boolean redelivered, Map<String, Object> headers) {
			Deliveries target = this.deliveries;
			if (target == null || this.closed) {
				throw new IllegalStateException("No consumer on this channel");
			}
			AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().headers(headers)
				.messageId("id-" + this.nextTag)
				.contentType("text/plain")
				.correlationId("corr")
				.build();
			target.delivered(new Envelope(this.nextTag++, redelivered, "orders.exchange", "orders.created"), properties,
					body);
		}

		/** The broker cancels the consumer, as when its queue is deleted. */
		void cancelledByBroker() {
			Deliveries target = this.deliveries;
			this.deliveries = null;
			if (target != null) {
				target.cancelled(true);
			}
		}

		/** The channel dies, as when the connection is lost. */
		void die(String reason) {
			this.closed = true;
			Deliveries target = this.deliveries;
			this.deliveries = null;
			if (target != null) {
				target.closed(reason);
			}
		}

		private void ensureOpen() throws IOException {
			if (this.closed) {
				throw new IOException("channel is already closed");
			}
		}

	}

}
