package dev.pipeline.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Tells a {@link KafkaSource} whether its consumer holds a broker connection, read from
 * the consumer's {@code connection-count} metric at most once per {@link #INTERVAL}. Poll
 * thread only, as the consumer is.
 */
final class ConnectionCheck {

	/** The least time between two reads, in nanoseconds. */
	static final long INTERVAL = KafkaSourceSettings.IDLE_POLL_INTERVAL * 10;

	private final Consumer<byte[], byte[]> consumer;

	private final KafkaSource source;

	private long lastCheck;

	ConnectionCheck(Consumer<byte[], byte[]> consumer, KafkaSource source) {
		this.consumer = consumer;
		this.source = source;
	}

	/**
	 * Reads the connection state into the source when the last read is {@link #INTERVAL}
	 * old.
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 */
	void checkIfDue(long now) {
		if (now - this.lastCheck < INTERVAL) {
			return;
		}
		this.lastCheck = now;
		boolean connected = true;
		for (Map.Entry<MetricName, ? extends Metric> entry : this.consumer.metrics().entrySet()) {
			MetricName name = entry.getKey();
			if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")
					&& entry.getValue().metricValue() instanceof Double count) {
				connected = count > 0;
			}
		}
		this.source.connected(connected);
	}

}
