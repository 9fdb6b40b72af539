package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

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
 * Connection loss: the source reconnects after the delays of its reconnect
 * {@link org.springframework.util.backoff.BackOff} (one log line a step) and resumes by
 * itself; {@link #isConnected()} is false meanwhile, and demand keeps accumulating. A
 * successful connection starts the back-off afresh.
 *
 * <p>
 * Drain: {@link #stopFetching()} cancels the consumer and waits for the broker's
 * {@code cancel-ok}, emits what arrived before it within the demand, and gives the rest
 * back to the broker unprocessed. {@link #stop()} closes the channel; whatever is still
 * unacknowledged returns to the queue, and later settlements are ignored.
 *
 * <p>
 * Threads: deliveries arrive on the AMQP client's consumer thread; {@link #request} runs
 * on processor threads and never blocks (emission happens on whichever thread finds
 * demand and held messages together, one thread at a time, in delivery order); lifecycle
 * methods run on the pipeline's lifecycle thread; reconnection runs on a thread of its
 * own.
 *
 * <p>
 * Linger: a delivery that arrives within the linger of the previous one waits, with the
 * others held, until 64 are held (or as many as the demand), the linger has passed since
 * the first of them arrived, or the channel's prefetch window is full (nothing more can
 * arrive before an acknowledgement), so that a busy stream wakes a processor once per
 * group rather than once per message. The client's consumer thread hands the group over
 * itself whenever it can; a {@link LingerThread} does so only for a group whose linger
 * ends with no delivery after it.
 *
 * <p>
 * Over 400 lines: demand, held deliveries, linger, reconnection and drain all read and
 * write the same state under one lock (the session, the held messages, the flags); split,
 * each part would reach into the others' fields.
 *
 * @since 0.1.0
 */
public final class RabbitSource implements Source<byte[]> {

	private static final Log logger = LogFactory.getLog(RabbitSource.class);

	/** How long {@link #stopFetching()} waits for the broker's {@code cancel-ok}. */
	private static final long CANCEL_TIMEOUT_SECONDS = 30;

	/** The most deliveries that wait together for the linger. */
	private static final int LINGER_CHUNK = 64;

	private final RabbitClient client;

	private final SourceSettings settings;

	private final SourceCounters counters = new SourceCounters();

	private final long lingerNanos;

	/** Guards demand, held messages, the session and the flags below. */
	private final Object lock = new Object();

	/** Serialises connecting, cancelling and closing. */
	private final Object lifecycle = new Object();

	private final ArrayDeque<Message<byte[]>> held = new ArrayDeque<>();

	private final AtomicInteger emitting = new AtomicInteger();

	private long lastDelivery;

	private long demand;

	private boolean paused;

	private boolean fetching;

	private boolean draining;

	private boolean reconnectScheduled;

	private int connectionCount;

	private @Nullable Consumer session;

	private @Nullable Emitter<byte[]> emitter;

	private @Nullable ScheduledExecutorService timer;

	/** Ends the linger of a group no delivery follows; null when the linger is zero. */
	private @Nullable LingerThread linger;

	/**
	 * The reconnect back-off's execution since the last success; null before a failure.
	 */
	private @Nullable BackOffExecution backOff;

	private final QueueDepthProbe depth;

	RabbitSource(RabbitClient client, SourceSettings settings) {
		this.client = client;
		this.settings = settings;
		this.depth = new QueueDepthProbe(client, settings.queue(), settings.consumerTag() + "-depth");
		this.lingerNanos = settings.linger().toNanos();
	}

	@Override
	public void start(Emitter<byte[]> target) {
		synchronized (this.lock) {
			this.emitter = target;
			this.demand = 0;
			this.paused = false;
			this.fetching = true;
			this.draining = false;
			this.reconnectScheduled = false;
			this.backOff = null;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((work) -> {
			Thread thread = new Thread(work, this.settings.consumerTag() + "-timer");
			thread.setDaemon(true);
			return thread;
		});
		if (this.lingerNanos > 0) {
			LingerThread thread = new LingerThread(this.lock, this.lingerNanos, this::emitHeld,
					this.settings.consumerTag() + "-linger");
			synchronized (this.lock) {
				this.linger = thread;
			}
			thread.start();
		}
		try {
			connect();
		}
		catch (IOException | RuntimeException ex) {
			scheduleReconnect("could not connect to " + this.client.describe() + ": " + ex.getMessage());
		}
		this.depth.enable();
	}

	@Override
	public void request(int count) {
		synchronized (this.lock) {
			this.demand += count;
		}
		emitHeld();
	}

	@Override
	public void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	@Override
	public void resume() {
		synchronized (this.lock) {
			this.paused = false;
		}
		emitHeld();
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
		emitHeld();
		List<Message<byte[]>> rest;
		synchronized (this.lock) {
			this.fetching = false;
			rest = new ArrayList<>(this.held);
			this.held.clear();
		}
		while (this.emitting.get() != 0) {
			Thread.onSpinWait();
		}
		giveBack(rest);
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.timer;
		if (executor != null) {
			executor.shutdownNow();
		}
		LingerThread lingering = this.linger;
		if (lingering != null) {
			lingering.stop();
		}
		this.depth.stop();
		synchronized (this.lifecycle) {
			Consumer current;
			synchronized (this.lock) {
				this.draining = true;
				this.fetching = false;
				this.held.clear();
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
	 * Takes the next step of the reconnect back-off and logs it, one line a step.
	 * @param failure what went wrong, for the log
	 */
	private void scheduleReconnect(String failure) {
		ScheduledExecutorService executor = this.timer;
		long delay;
		synchronized (this.lock) {
			if (this.reconnectScheduled || this.draining || executor == null) {
				return;
			}
			BackOffExecution backOff = this.backOff;
			if (backOff == null) {
				backOff = this.settings.reconnect().start();
				this.backOff = backOff;
			}
			delay = backOff.nextBackOff();
			this.reconnectScheduled = delay != BackOffExecution.STOP;
		}
		if (delay == BackOffExecution.STOP) {
			logger
				.error(describe() + " " + failure + "; not reconnecting: its reconnect back-off has no attempts left");
			return;
		}
		logger.warn(describe() + " " + failure + "; reconnecting in " + delay + " ms");
		try {
			executor.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug(describe() + " stopped; not reconnecting", ex);
		}
	}

	private void reconnect() {
		synchronized (this.lock) {
			this.reconnectScheduled = false;
		}
		try {
			connect();
			synchronized (this.lock) {
				this.backOff = null;
			}
			if (isConnected()) {
				logger.info(describe() + " reconnected to " + this.client.describe());
			}
		}
		catch (IOException | RuntimeException ex) {
			scheduleReconnect("could not reconnect to " + this.client.describe() + ": " + ex.getMessage());
		}
	}

	/** Forgets a channel that died (or was cancelled by the broker) and reconnects. */
	private void lost(Consumer consumer, String reason) {
		consumer.acknowledger.disconnect();
		consumer.cancelled.countDown();
		boolean reconnect;
		synchronized (this.lock) {
			if (this.session == consumer) {
				this.session = null;
			}
			this.held.removeIf((message) -> message.acknowledger() == consumer.acknowledger);
			reconnect = !this.draining;
		}
		consumer.acknowledger.channel().close();
		if (reconnect) {
			scheduleReconnect("lost its channel (" + reason + ")");
		}
	}

	/**
	 * Emits held messages while there is demand. One thread emits at a time: a thread
	 * that finds another one emitting leaves it a note to look again, so nothing is left
	 * behind and delivery order is kept.
	 */
	private void emitHeld() {
		if (this.emitting.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		while (true) {
			List<Message<byte[]>> batch = null;
			Emitter<byte[]> target;
			synchronized (this.lock) {
				target = this.emitter;
				int count = (int) Math.min(this.demand, this.held.size());
				if (this.fetching && !this.paused && count > 0 && target != null) {
					batch = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						batch.add(this.held.pollFirst());
					}
					this.demand -= count;
					LingerThread lingering = this.linger;
					if (this.held.isEmpty() && lingering != null) {
						lingering.disarm();
					}
				}
			}
			if (batch != null) {
				emit(target, batch);
				continue;
			}
			missed = this.emitting.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private void emit(Emitter<byte[]> target, List<Message<byte[]>> batch) {
		try {
			target.emit(batch);
		}
		catch (RuntimeException ex) {
			// Still unacknowledged at the broker: redelivered once the channel closes
			logger.error(describe() + " could not hand " + batch.size() + " messages to the pipeline", ex);
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
			boolean now;
			boolean wake = false;
			long arrived = System.nanoTime();
			LingerThread lingering;
			synchronized (RabbitSource.this.lock) {
				lingering = RabbitSource.this.linger;
				ArrayDeque<Message<byte[]>> held = RabbitSource.this.held;
				held.addLast(message);
				now = lingering == null || arrived - RabbitSource.this.lastDelivery > RabbitSource.this.lingerNanos
						|| held.size() >= Math.min(LINGER_CHUNK, RabbitSource.this.demand) || outstanding >= this.window
						|| lingering.due(arrived);
				RabbitSource.this.lastDelivery = arrived;
				if (!now) {
					wake = lingering.arm(arrived);
				}
			}
			if (now) {
				emitHeld();
			}
			else if (wake && lingering != null) {
				lingering.wake();
			}
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
