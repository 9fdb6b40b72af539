package dev.pipeline.rabbitmq;

import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.pipeline.core.SourceMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The {@linkplain RabbitMetadata metadata} of a RabbitMQ message, read from its envelope
 * and properties when asked: the consumer thread builds no map per delivery, and headers
 * are converted only if someone reads them. Unmodifiable, like every message's metadata.
 * It is also the delivery's {@linkplain DeliveryAck acknowledgement data}, without
 * overrides.
 */
final class DeliveryMetadata extends SourceMetadata implements DeliveryAck {

	private static final String[] KEYS = { RabbitMetadata.ROUTING_KEY, RabbitMetadata.EXCHANGE,
			RabbitMetadata.DELIVERY_TAG, RabbitMetadata.REDELIVERED, RabbitMetadata.HEADERS, RabbitMetadata.MESSAGE_ID,
			RabbitMetadata.CONTENT_TYPE, RabbitMetadata.TIMESTAMP, RabbitMetadata.CORRELATION_ID };

	private final Envelope envelope;

	private final AMQP.BasicProperties properties;

	private volatile @Nullable Map<String, Object> headers;

	DeliveryMetadata(Envelope envelope, AMQP.BasicProperties properties) {
		super(KEYS);
		this.envelope = envelope;
		this.properties = properties;
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		return switch (name) {
			case RabbitMetadata.ROUTING_KEY -> this.envelope.getRoutingKey();
			case RabbitMetadata.EXCHANGE -> this.envelope.getExchange();
			case RabbitMetadata.DELIVERY_TAG -> this.envelope.getDeliveryTag();
			case RabbitMetadata.REDELIVERED -> this.envelope.isRedeliver();
			case RabbitMetadata.HEADERS -> headers();
			case RabbitMetadata.MESSAGE_ID -> this.properties.getMessageId();
			case RabbitMetadata.CONTENT_TYPE -> this.properties.getContentType();
			case RabbitMetadata.TIMESTAMP -> this.properties.getTimestamp();
			case RabbitMetadata.CORRELATION_ID -> this.properties.getCorrelationId();
			default -> null;
		};
	}

	@Override
	public long deliveryTag() {
		return this.envelope.getDeliveryTag();
	}

	@Override
	public boolean redelivered() {
		return this.envelope.isRedeliver();
	}

	@Override
	public @Nullable AckMode onSuccess() {
		return null;
	}

	@Override
	public @Nullable AckMode onFailure() {
		return null;
	}

	private Map<String, Object> headers() {
		Map<String, Object> read = this.headers;
		if (read == null) {
			Map<String, Object> raw = this.properties.getHeaders();
			read = (raw != null) ? RabbitMetadata.headers(raw) : Map.of();
			this.headers = read;
		}
		return read;
	}

}
