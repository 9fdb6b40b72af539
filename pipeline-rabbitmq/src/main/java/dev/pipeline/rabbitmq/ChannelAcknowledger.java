package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Settles the messages of one channel, on that channel: one acknowledger per channel, so
 * that the engine groups messages by channel and delivery tags are never sent to a
 * channel that did not deliver them.
 *
 * <p>
 * Grouping: a channel's delivery tags count up from one, so the outstanding ones are a
 * window kept in a ring, one slot per tag. A settled tag is marked with its outcome (ack,
 * reject, requeue); while the lowest outstanding tags are marked, each run of them with
 * the same outcome goes in one {@code multiple} frame. A tag settled above an unsettled
 * one waits for it (processors and batches finish a little out of order, and the one
 * frame that follows covers them all), up to a limit: when more than three quarters of
 * the prefetch window waits, the waiting tags are settled one by one so that the broker
 * keeps delivering while a low tag is held up (in a batch waiting for its timeout, say).
 * Requeues of messages never emitted, and the waiting tags when the source stops, are
 * sent at once. Frames are sent under this acknowledger's lock, so no {@code multiple}
 * frame can cover a delivery that another thread is settling differently.
 *
 * <p>
 * Once the channel has died (or the source stopped), settlements are dropped and counted:
 * the broker redelivers those messages.
 */
final class ChannelAcknowledger implements Acknowledger {

	private static final Log logger = LogFactory.getLog(ChannelAcknowledger.class);

	private static final Settlement[] SETTLEMENTS = Settlement.values();

	/** Slot state: not outstanding (settled and sent, or never delivered here). */
	private static final byte NONE = 0;

	/** Slot state: delivered, not settled yet. Settled slots hold 2 + the outcome. */
	private static final byte PENDING = 1;

	private final RabbitChannel channel;

	private final AckMode onSuccess;

	private final AckMode onFailure;

	private final SourceCounters counters;

	private final int waitLimit;

	/** One slot per tag from {@link #low} to {@link #next}, at {@code tag & mask}. */
	private byte[] slots = new byte[256];

	private int mask = this.slots.length - 1;

	/** The lowest tag that may be outstanding; 0 before the first delivery. */
	private long low;

	/** One past the highest delivered tag. */
	private long next;

	/** How many tags are delivered and not settled. */
	private int pending;

	/** How many tags are settled and wait for a lower one. */
	private int waiting;

	private boolean open = true;

	/**
	 * @param channel the channel the deliveries come on
	 * @param onSuccess what a success sends, unless the message says otherwise
	 * @param onFailure what a failure sends, unless the message says otherwise
	 * @param counters where settlements are counted
	 * @param prefetch the channel's prefetch count (0: unlimited); at most three quarters
	 * of it waits for a lower tag
	 */
	ChannelAcknowledger(RabbitChannel channel, AckMode onSuccess, AckMode onFailure, SourceCounters counters,
			int prefetch) {
		this.channel = channel;
		this.onSuccess = onSuccess;
		this.onFailure = onFailure;
		this.counters = counters;
		this.waitLimit = (prefetch > 0) ? Math.max(1, prefetch - prefetch / 4) : 1024;
	}

	RabbitChannel channel() {
		return this.channel;
	}

	/**
	 * Records a delivery as outstanding. Called on the client's thread, in tag order.
	 * @param deliveryTag its tag
	 * @return how many deliveries the broker counts against the channel's prefetch now
	 * (those not settled, and those settled that wait for a lower tag), or -1 when the
	 * channel is closed and the delivery is ignored
	 */
	synchronized int delivered(long deliveryTag) {
		if (!this.open) {
			return -1;
		}
		if (this.low == 0) {
			this.low = deliveryTag;
			this.next = deliveryTag;
		}
		if (deliveryTag < this.next) {
			logger.warn("Delivery tag " + deliveryTag + " delivered twice on its channel; the second is ignored");
			return this.pending + this.waiting;
		}
		if (deliveryTag - this.low >= this.slots.length) {
			grow(deliveryTag - this.low + 1);
		}
		this.slots[(int) (deliveryTag & this.mask)] = PENDING;
		this.next = deliveryTag + 1;
		this.pending++;
		return this.pending + this.waiting;
	}

	/**
	 * @return whether acknowledgements are still sent on the channel
	 */
	synchronized boolean isOpen() {
		return this.open;
	}

	/**
	 * @return how many deliveries wait for settlement
	 */
	synchronized int outstanding() {
		return this.pending;
	}

	@Override
	public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
		int count = successful.size() + failed.size();
		long[] keys = new long[count];
		int index = 0;
		for (Message<?> message : successful) {
			DeliveryAck ack = deliveryAck(message);
			AckMode mode = (ack.onSuccess() != null) ? ack.onSuccess() : this.onSuccess;
			keys[index++] = key(ack.deliveryTag(), mode.settlement(ack.redelivered()));
		}
		for (Message<?> message : failed) {
			DeliveryAck ack = deliveryAck(message);
			AckMode mode = (ack.onFailure() != null) ? ack.onFailure() : this.onFailure;
			keys[index++] = key(ack.deliveryTag(), mode.settlement(ack.redelivered()));
		}
		Arrays.sort(keys);
		settle(keys, false);
	}

	@Override
	public @Nullable Object configure(@Nullable Object ackData, Object option) {
		if (!(option instanceof RabbitAckOption rabbitOption)) {
			throw new UnsupportedOperationException(
					"The RabbitMQ source does not understand the acknowledgement option " + option
							+ "; use RabbitAckOption.onFailure(mode) or RabbitAckOption.onSuccess(mode).");
		}
		if (!(ackData instanceof DeliveryAck ack)) {
			throw new IllegalArgumentException("Not a RabbitMQ delivery: " + ackData);
		}
		return ack.with(rabbitOption);
	}

	/**
	 * Gives deliveries back to the broker unprocessed (they were never emitted), at once.
	 * @param deliveryTags their tags
	 */
	void requeue(long[] deliveryTags) {
		long[] keys = new long[deliveryTags.length];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = key(deliveryTags[i], Settlement.REQUEUE);
		}
		Arrays.sort(keys);
		settle(keys, true);
	}

	/**
	 * Sends what waits for a lower tag, one by one, then stops sending on the channel.
	 * Called before the source closes a channel that is still alive.
	 */
	synchronized void close() {
		if (this.open && this.waiting > 0) {
			try {
				sendWaiting();
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Channel closed while settling; the broker redelivers the messages", ex);
			}
		}
		disconnect();
	}

	/**
	 * Stops sending on the channel: later settlements are dropped, and so are those that
	 * wait for a lower tag. Called when the channel died, or before the source closes it.
	 */
	synchronized void disconnect() {
		if (this.open) {
			this.open = false;
			this.counters.dropped.add(this.waiting);
			this.waiting = 0;
			this.pending = 0;
		}
	}

	/**
	 * Marks a group's tags settled, then sends what can be sent: the runs at the lowest
	 * outstanding tags, and, when too many wait or {@code now} is set, the rest one by
	 * one.
	 * @param keys the group's tags and outcomes, see {@link #key}, ascending
	 * @param now whether nothing of this group may wait for a lower tag
	 */
	private synchronized void settle(long[] keys, boolean now) {
		if (!this.open) {
			this.counters.dropped.add(keys.length);
			return;
		}
		for (long key : keys) {
			long tag = tagOf(key);
			int slot = (int) (tag & this.mask);
			if (tag < this.low || tag >= this.next || this.slots[slot] != PENDING) {
				logger.warn("Delivery tag " + tag + " is not outstanding on its channel; not settled twice");
				continue;
			}
			this.slots[slot] = (byte) (2 + settlementOf(key).ordinal());
			this.pending--;
			this.waiting++;
		}
		try {
			sendLowest();
			if (now || this.waiting > this.waitLimit) {
				sendWaiting();
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Channel closed while settling; the broker redelivers the messages", ex);
			disconnect();
		}
	}

	/**
	 * Sends the settled runs at the lowest outstanding tags, one frame per run, and moves
	 * the window past them.
	 */
	private void sendLowest() throws IOException {
		while (this.low < this.next) {
			byte state = this.slots[(int) (this.low & this.mask)];
			if (state == PENDING) {
				return;
			}
			if (state == NONE) {
				this.low++;
				continue;
			}
			long last = this.low;
			int count = 0;
			for (long tag = this.low; tag < this.next; tag++) {
				byte other = this.slots[(int) (tag & this.mask)];
				if (other == state) {
					last = tag;
					count++;
				}
				else if (other != NONE) {
					break;
				}
			}
			send(SETTLEMENTS[state - 2], last, count, count > 1);
			for (long tag = this.low; tag <= last; tag++) {
				this.slots[(int) (tag & this.mask)] = NONE;
			}
			this.low = last + 1;
		}
	}

	/** Sends every settled tag that waits for a lower one, each in its own frame. */
	private void sendWaiting() throws IOException {
		for (long tag = this.low; tag < this.next && this.waiting > 0; tag++) {
			int slot = (int) (tag & this.mask);
			byte state = this.slots[slot];
			if (state > PENDING) {
				send(SETTLEMENTS[state - 2], tag, 1, false);
				this.slots[slot] = NONE;
			}
		}
	}

	private void send(Settlement settlement, long tag, int count, boolean multiple) throws IOException {
		// Counted before sending, so a count never lags what the broker has seen
		this.counters.settled(settlement, count);
		try {
			settlement.send(this.channel, tag, multiple);
		}
		catch (IOException | RuntimeException ex) {
			this.counters.settled(settlement, -count);
			throw ex;
		}
		this.waiting -= count;
		this.counters.frames.increment();
	}

	/** Makes the ring hold at least {@code size} slots from {@link #low}. */
	private void grow(long size) {
		int length = this.slots.length;
		while (length < size) {
			length <<= 1;
		}
		byte[] grown = new byte[length];
		int grownMask = length - 1;
		for (long tag = this.low; tag < this.next; tag++) {
			grown[(int) (tag & grownMask)] = this.slots[(int) (tag & this.mask)];
		}
		this.slots = grown;
		this.mask = grownMask;
	}

	/** Packs a tag and its outcome into one sortable long: the tag, then the outcome. */
	private static long key(long deliveryTag, Settlement settlement) {
		return (deliveryTag << 2) | settlement.ordinal();
	}

	private static long tagOf(long key) {
		return key >>> 2;
	}

	private static Settlement settlementOf(long key) {
		return SETTLEMENTS[(int) (key & 3)];
	}

	private static DeliveryAck deliveryAck(Message<?> message) {
		if (message.ackData() instanceof DeliveryAck ack) {
			return ack;
		}
		throw new IllegalArgumentException("Not a RabbitMQ delivery: " + message);
	}

}
