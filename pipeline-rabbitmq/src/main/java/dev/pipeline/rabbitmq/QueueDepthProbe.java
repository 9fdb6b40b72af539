package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the depth of a {@link RabbitSource}'s queue (the messages ready in it) with a
 * passive {@code queue.declare}, once per {@link #INTERVAL_MILLIS}, on a thread and a
 * channel of its own: never per message, never on the thread that delivers, and a queue
 * that is missing closes only the probe's channel, which is opened again at the next
 * read. It starts reading when the depth is first asked for while the source runs, so a
 * source nobody watches sends nothing more to the broker.
 */
final class QueueDepthProbe {

	/** How often the depth is read. */
	static final long INTERVAL_MILLIS = 1000;

	private static final Log logger = LogFactory.getLog(QueueDepthProbe.class);

	private final RabbitClient client;

	private final String queue;

	private final String threadName;

	private volatile long depth = -1;

	private @Nullable RabbitChannel channel;

	private @Nullable ScheduledExecutorService executor;

	private boolean enabled;

	QueueDepthProbe(RabbitClient client, String queue, String threadName) {
		this.client = client;
		this.queue = queue;
		this.threadName = threadName;
	}

	/** Lets the probe start reading at the first {@link #depth()}: the source runs. */
	synchronized void enable() {
		this.enabled = true;
	}

	private synchronized void start() {
		if (this.executor != null || !this.enabled) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((work) -> {
			Thread thread = new Thread(work, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.executor = started;
		try {
			started.scheduleWithFixedDelay(this::read, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Queue depth probe of " + this.queue + " not started", ex);
		}
	}

	synchronized void stop() {
		this.enabled = false;
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
		}
		closeChannel();
		this.depth = -1;
	}

	/**
	 * @return the messages ready in the queue at the last read, or -1 before the first
	 * read that worked
	 */
	long depth() {
		long last = this.depth;
		if (last < 0) {
			start();
		}
		return last;
	}

	private synchronized void read() {
		if (this.executor == null) {
			return;
		}
		try {
			RabbitChannel current = this.channel;
			if (current == null) {
				current = this.client.open();
				this.channel = current;
			}
			this.depth = current.messageCount(this.queue);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not read the depth of queue " + this.queue + ": " + ex.getMessage());
			closeChannel();
		}
	}

	private void closeChannel() {
		RabbitChannel current = this.channel;
		this.channel = null;
		if (current != null) {
			current.close();
		}
	}

}
