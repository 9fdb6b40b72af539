package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline producer that consumes one RabbitMQ queue on one channel. Producer
 * concurrency is the number of these sources, hence of channels and consumers.
 *
 * <p>
 * Back-pressure: the broker pushes, so demand is enforced in two places. The channel's
 * {@code basic.qos} prefetch bounds what the broker sends before acknowledgements; what
 * arrives beyond the pipeline's demand is held here (never more than the prefetch) and
 * emitted as demand arrives. Unacknowledged deliveries at the broker, held ones included,
 * never exceed the prefetch, whatever the depth of the queue.
 *
 * <p>
 * Acknowledgement: each channel has its own {@link ChannelAcknowledger}, so the engine
 * settles messages in groups per channel, with {@code multiple} frames where delivery
 * tags allow. Messages of a channel that died are never settled on another one: their
 * settlements are dropped and counted, and the broker redelivers them.
 *
 * <p>
 * Connection loss: the source's {@link Reconnector} reconnects after the delays of its
 * reconnect {@link org.springframework.util.backoff.BackOff} (one log line a step) and
 * the source resumes by itself; {@link #isConnected()} is false meanwhile, and demand
 * keeps accumulating. A successful connection starts the back-off afresh.
 *
 * <p>
 * Drain: {@link #stopFetching()} cancels the consumer and waits for the broker's
 * {@code cancel-ok}, emits what arrived before it within the demand, and gives the rest
 * back to the broker unprocessed. {@link #stop()} closes the channel; whatever is still
 * unacknowledged returns to the queue, and later settlements are ignored.
 *
 * <p>
 * Threads: deliveries arrive on the AMQP client's consumer thread (its reader thread on a
 * connection {@linkplain RabbitSources#deliverOnReaderThread set up so}, its dispatch
 * thread otherwise), where nothing waits on the broker: a channel the broker cancelled is
 * closed on the reconnection thread; {@link #request} runs on processor threads and never
 * blocks (emission happens on whichever thread finds demand and held messages together,
 * one thread at a time, in delivery order); lifecycle methods run on the pipeline's
 * lifecycle thread; reconnection runs on a thread of its own.
 *
 * <p>
 * Linger: deliveries that arrive close together are held and handed over in groups, by
 * {@link DeliveryGroups}, so that a busy stream wakes a processor once per group rather
 * than once per message; a delivery hands the group over once the group would be a linger
 * old before the next one comes, and an idle processor that {@linkplain #linger() leans}
 * on the source comes back for a group that nothing follows, so the source needs no timer
 * thread.
 *
 * <p>
 * Locking: the session, the drain flag, the held deliveries with the demand, and the
 * reconnect back-off are all guarded by one lock, which this source shares with its
 * {@link DeliveryGroups} and its {@link Reconnector}, so that a lost channel, a drain or
 * a stop changes them together.
 *
 * @since 0.1.0
 */
public final class RabbitSource implements Source<byte[]> {

	private static final Log logger = LogFactory.getLog(RabbitSource.class);

	/** How long {@link #stopFetching()} waits for the broker's {@code cancel-ok}. */
	private static final long CANCEL_TIMEOUT_SECONDS = 30;

	private final RabbitClient client;

	private final SourceSettings settings;

	private final SourceCounters counters = new SourceCounters();

	/**
	 * Guards the session, the flags below, and the state of {@link #groups} and
	 * {@link #reconnector}.
	 */
	private final Object lock = new Object();

	/** Serialises connecting, cancelling and closing. */
	private final Object lifecycle = new Object();

	private final DeliveryGroups groups;

	private final Reconnector reconnector;

	private boolean draining;

	private int connectionCount;

	private @Nullable Consumer session;

	private final QueueDepthProbe depth;

	RabbitSource(RabbitClient client, SourceSettings settings) {
		this.client = client;
		this.settings = settings;
		this.depth = new QueueDepthProbe(client, settings.queue(), settings.consumerTag() + "-depth");
		this.groups = new DeliveryGroups(this.lock, settings.linger().toNanos(), describe());
		this.reconnector = new Reconnector(this.lock, settings.reconnect(), this::connect, this::isConnected,
				() -> this.draining, describe(), client);
	}

	@Override
	public void start(Emitter<byte[]> target) {
		synchronized (this.lock) {
			this.groups.open(target);
			this.draining = false;
			this.reconnector.reset();
		}
		this.reconnector.start(this.settings.consumerTag() + "-timer");
		try {
			connect();
		}
		catch (IOException | RuntimeException ex) {
			this.reconnector.schedule("could not connect to " + this.client.describe() + ": " + Reconnector.reason(ex));
		}
		this.depth.enable();
	}

	@Override
	public void request(int count) {
		this.groups.request(count);
	}

	@Override
	public long linger() {
		return this.groups.linger();
	}

	@Override
	public void pause() {
		this.groups.pause();
	}

	@Override
	public void resume() {
		this.groups.resume();
	}

	@Override
	public void stopFetching() {
		synchronized (this.lifecycle) {
			Consumer current;
			synchronized (this.lock) {
				this.draining = true;
				current = this.session;
			}
			if (current != null && current.acknowledger.isOpen()) {
				current.cancel();
			}
		}
		this.groups.handOver();
		giveBack(this.groups.close());
	}

	@Override
	public void stop() {
		this.reconnector.stop();
		this.depth.stop();
		synchronized (this.lifecycle) {
			Consumer current;
			synchronized (this.lock) {
				this.draining = true;
				this.groups.discard();
				current = this.session;
				this.session = null;
			}
			if (current != null) {
				current.acknowledger.close();
				current.acknowledger.channel().close();
			}
		}
	}

	@Override
	public String describe() {
		return "rabbitmq: " + this.settings.queue();
	}

	@Override
	public boolean isConnected() {
		Consumer current = this.session;
		return current != null && current.consuming && current.acknowledger.isOpen();
	}

	/**
	 * Returns the queue's depth, read about once a second on a channel of its own, and
	 * the deliveries of the current channel not yet acknowledged or rejected (those held
	 * here, and those in the pipeline).
	 * @return the backlog, or {@code null} before the queue's depth was first read
	 */
	@Override
	public SourceBacklog.@Nullable Queue backlog() {
		long ready = this.depth.depth();
		if (ready < 0) {
			return null;
		}
		Consumer current;
		synchronized (this.lock) {
			current = this.session;
		}
		long unacknowledged = (current != null) ? current.acknowledger.outstanding() : 0;
		return new SourceBacklog.Queue(this.settings.queue(), ready, unacknowledged);
	}

	/**
	 * @return the prefetch count of this source's channel
	 */
	public int prefetch() {
		return this.settings.prefetch();
	}

	/**
	 * @return what this source has done so far
	 */
	public RabbitSourceStats stats() {
		return this.counters.snapshot();
	}

	private void connect() throws IOException {
		synchronized (this.lifecycle) {
			synchronized (this.lock) {
				if (this.draining || this.session != null) {
					return;
				}
			}
			RabbitChannel channel = this.client.open();
			Consumer consumer = null;
			try {
				channel.qos(this.settings.prefetch());
				synchronized (this.lock) {
					this.connectionCount++;
					consumer = new Consumer(
							new ChannelAcknowledger(channel, this.settings.onSuccess(), this.settings.onFailure(),
									this.counters, this.settings.prefetch()),
							this.settings.consumerTag() + "-" + this.connectionCount, this.settings.prefetch());
					this.session = consumer;
				}
				channel.consume(this.settings.queue(), consumer.tag, consumer);
				consumer.consuming = true;
				this.counters.connections.increment();
			}
			catch (IOException | RuntimeException ex) {
				synchronized (this.lock) {
					if (consumer != null && this.session == consumer) {
						this.session = null;
					}
				}
				if (consumer != null) {
					consumer.acknowledger.disconnect();
				}
				channel.close();
				throw ex;
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug(describe() + " consuming on " + this.client.describe() + " with prefetch "
					+ this.settings.prefetch());
		}
	}

	/**
	 * Forgets a channel that died (or was cancelled by the broker), closes it on the
	 * reconnector's thread, and reconnects. Called on the thread that delivers.
	 */
	private void lost(Consumer consumer, String reason) {
		consumer.acknowledger.disconnect();
		consumer.cancelled.countDown();
		boolean reconnect;
		synchronized (this.lock) {
			if (this.session == consumer) {
				this.session = null;
			}
			this.groups.drop(consumer.acknowledger);
			reconnect = !this.draining;
		}
		RabbitChannel channel = consumer.acknowledger.channel();
		if (channel.isOpen()) {
			this.reconnector.close(channel);
		}
		if (reconnect) {
			this.reconnector.schedule("lost its channel (" + reason + ")");
		}
	}

	private void giveBack(List<Message<byte[]>> messages) {
		Map<ChannelAcknowledger, List<Long>> byChannel = new IdentityHashMap<>();
		for (Message<byte[]> message : messages) {
			byChannel.computeIfAbsent((ChannelAcknowledger) message.acknowledger(), (key) -> new ArrayList<>())
				.add(((DeliveryAck) message.ackData()).deliveryTag());
		}
		byChannel.forEach((acknowledger, tags) -> acknowledger
			.requeue(tags.stream().mapToLong(Long::longValue).sorted().toArray()));
	}

	/** One channel's consumer: receives its deliveries and what happens to it. */
	private final class Consumer implements RabbitChannel.Deliveries {

		private final ChannelAcknowledger acknowledger;

		private final String tag;

		private final CountDownLatch cancelled = new CountDownLatch(1);

		private volatile boolean consuming;

		/** The prefetch window: once this many are outstanding, nothing more arrives. */
		private final int window;

		Consumer(ChannelAcknowledger acknowledger, String tag, int prefetch) {
			this.acknowledger = acknowledger;
			this.tag = tag;
			this.window = (prefetch > 0) ? prefetch : Integer.MAX_VALUE;
		}

		@Override
		public void delivered(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
			int outstanding = this.acknowledger.delivered(envelope.getDeliveryTag());
			if (outstanding < 0) {
				return;
			}
			RabbitSource.this.counters.delivered.increment();
			DeliveryMetadata delivery = RabbitMetadata.of(envelope, properties);
			Message<byte[]> message = Message.of(body, delivery, this.acknowledger, delivery);
			RabbitSource.this.groups.delivered(message, outstanding >= this.window);
		}

		@Override
		public void cancelled(boolean byBroker) {
			if (byBroker) {
				lost(this, "the broker cancelled the consumer; was the queue deleted?");
			}
			else {
				this.cancelled.countDown();
			}
		}

		@Override
		public void closed(String reason) {
			lost(this, reason);
		}

		/** Cancels the consumer and waits until everything sent before it has arrived. */
		void cancel() {
			try {
				this.acknowledger.channel().cancel(this.tag);
				if (!this.cancelled.await(CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					logger.warn(describe() + " got no cancel-ok within " + CANCEL_TIMEOUT_SECONDS
							+ "s; deliveries after this are given back when the channel closes");
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.debug(describe() + " could not cancel its consumer; its channel is closing", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
