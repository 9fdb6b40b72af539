package dev.pipeline.boot.rabbitmq;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

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
 * Grouping: the tags still outstanding on the channel are kept sorted. A group's tags are
 * settled in order; while they are the lowest outstanding tags, each run with the same
 * outcome (ack, reject, requeue) takes one {@code multiple} frame; the others are settled
 * one by one. Frames are sent under this acknowledger's lock, so no {@code multiple}
 * frame can cover a delivery that another thread is settling differently.
 *
 * <p>
 * Once the channel has died (or the source stopped), settlements are dropped and counted:
 * the broker redelivers those messages.
 */
final class ChannelAcknowledger implements Acknowledger {

	private static final Log logger = LogFactory.getLog(ChannelAcknowledger.class);

	private static final Settlement[] SETTLEMENTS = Settlement.values();

	private final RabbitChannel channel;

	private final AckMode onSuccess;

	private final AckMode onFailure;

	private final SourceCounters counters;

	private final TreeSet<Long> outstanding = new TreeSet<>();

	private boolean open = true;

	ChannelAcknowledger(RabbitChannel channel, AckMode onSuccess, AckMode onFailure, SourceCounters counters) {
		this.channel = channel;
		this.onSuccess = onSuccess;
		this.onFailure = onFailure;
		this.counters = counters;
	}

	RabbitChannel channel() {
		return this.channel;
	}

	/**
	 * Records a delivery as outstanding. Called on the client's thread, in tag order.
	 * @param deliveryTag its tag
	 * @return whether the channel is still open; if not, the delivery is ignored
	 */
	synchronized boolean delivered(long deliveryTag) {
		if (this.open) {
			this.outstanding.add(deliveryTag);
		}
		return this.open;
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
		return this.outstanding.size();
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
		settle(keys);
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
	 * Gives deliveries back to the broker unprocessed (they were never emitted).
	 * @param deliveryTags their tags
	 */
	void requeue(long[] deliveryTags) {
		long[] keys = new long[deliveryTags.length];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = key(deliveryTags[i], Settlement.REQUEUE);
		}
		Arrays.sort(keys);
		settle(keys);
	}

	/**
	 * Stops sending on the channel: later settlements are dropped. Called when the
	 * channel died, or before the source closes it.
	 */
	synchronized void disconnect() {
		this.open = false;
		this.outstanding.clear();
	}

	/**
	 * Sends the frames for a group, in tag order. While the group's next tag is the
	 * lowest outstanding one, the longest run of outstanding tags with the same outcome
	 * goes in one frame ({@code multiple} when it holds more than one); once a lower tag
	 * belongs to another group, each tag is settled alone.
	 * @param keys the group's tags and outcomes, see {@link #key}, ascending
	 */
	private synchronized void settle(long[] keys) {
		int sent = 0;
		try {
			int i = 0;
			while (i < keys.length && this.open) {
				long tag = tagOf(keys[i]);
				Settlement settlement = settlementOf(keys[i]);
				if (!this.outstanding.contains(tag)) {
					logger.warn("Delivery tag " + tag + " is not outstanding on its channel; not settled twice");
					sent++;
					i++;
					continue;
				}
				int last = i;
				if (this.outstanding.first() == tag) {
					while (last + 1 < keys.length && settlementOf(keys[last + 1]) == settlement
							&& Long.valueOf(tagOf(keys[last + 1])).equals(this.outstanding.higher(tagOf(keys[last])))) {
						last++;
					}
				}
				// Counted before sending, so a count never lags what the broker has seen
				this.counters.settled(settlement, last - i + 1);
				try {
					settlement.send(this.channel, tagOf(keys[last]), last > i);
				}
				catch (IOException | RuntimeException ex) {
					this.counters.settled(settlement, -(last - i + 1));
					throw ex;
				}
				this.counters.frames.increment();
				for (int k = i; k <= last; k++) {
					this.outstanding.remove(tagOf(keys[k]));
				}
				sent += last - i + 1;
				i = last + 1;
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Channel closed while settling; the broker redelivers the messages", ex);
			disconnect();
		}
		this.counters.dropped.add(keys.length - sent);
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
