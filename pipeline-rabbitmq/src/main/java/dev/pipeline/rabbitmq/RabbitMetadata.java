package dev.pipeline.rabbitmq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;

/**
 * The metadata keys of a message from the RabbitMQ source, as in
 * {@code message.metadata().get(RabbitMetadata.ROUTING_KEY)}. A key is absent when the
 * publisher did not set that property.
 *
 * @since 0.1.0
 */
public final class RabbitMetadata {

	/**
	 * The message's headers, a {@code Map<String, Object>}; AMQP long strings as
	 * {@code String}.
	 */
	public static final String HEADERS = "headers";

	/** The routing key it was published with, a {@code String}. */
	public static final String ROUTING_KEY = "routingKey";

	/**
	 * The exchange it was published to, a {@code String}; empty for the default exchange.
	 */
	public static final String EXCHANGE = "exchange";

	/** Its delivery tag on the channel that delivered it, a {@code Long}. */
	public static final String DELIVERY_TAG = "deliveryTag";

	/** Whether the broker delivered it before, a {@code Boolean}. */
	public static final String REDELIVERED = "redelivered";

	/** The {@code message-id} property, a {@code String}. */
	public static final String MESSAGE_ID = "messageId";

	/** The {@code content-type} property, a {@code String}. */
	public static final String CONTENT_TYPE = "contentType";

	/** The {@code timestamp} property, a {@code java.util.Date}. */
	public static final String TIMESTAMP = "timestamp";

	/** The {@code correlation-id} property, a {@code String}. */
	public static final String CORRELATION_ID = "correlationId";

	private RabbitMetadata() {
	}

	static DeliveryMetadata of(Envelope envelope, AMQP.BasicProperties properties) {
		return new DeliveryMetadata(envelope, properties);
	}

	static Map<String, Object> headers(Map<String, Object> headers) {
		Map<String, Object> copy = new HashMap<>(headers.size() * 2);
		headers.forEach((name, value) -> {
			if (value != null) {
				copy.put(name, plain(value));
			}
		});
		return Map.copyOf(copy);
	}

	private static Object plain(Object value) {
		if (value instanceof LongString longString) {
			return longString.toString();
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			for (Object item : list) {
				if (item != null) {
					copy.add(plain(item));
				}
			}
			return List.copyOf(copy);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new HashMap<>();
			map.forEach((key, item) -> {
				if (item != null) {
					copy.put(String.valueOf(key), plain(item));
				}
			});
			return Map.copyOf(copy);
		}
		return value;
	}

}
