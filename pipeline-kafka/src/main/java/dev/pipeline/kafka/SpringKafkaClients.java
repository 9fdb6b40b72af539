package dev.pipeline.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * {@link KafkaClients} over Spring Kafka: consumers and dead-letter producers take the
 * application's connection settings ({@code spring.kafka.*}, through its
 * {@link ConsumerFactory} and {@link ProducerFactory}), with keys and values as bytes.
 * The dead-letter template is made on first use and closed by {@link #destroy()}.
 *
 * @since 0.1.0
 */
public final class SpringKafkaClients implements KafkaClients, DisposableBean {

	private static final List<String> SHARE_UNSUPPORTED = List.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
			ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
			ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
			ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
			ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
			ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

	private final ConsumerFactory<?, ?> consumerFactory;

	private final @Nullable ProducerFactory<?, ?> producerFactory;

	private @Nullable DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducers;

	private @Nullable KafkaTemplate<byte[], byte[]> deadLetters;

	/**
	 * Creates the clients.
	 * @param consumerFactory the application's consumer factory
	 * @param producerFactory the application's producer factory, for dead letters, or
	 * {@code null} when failed records are never dead-lettered
	 */
	public SpringKafkaClients(ConsumerFactory<?, ?> consumerFactory, @Nullable ProducerFactory<?, ?> producerFactory) {
		this.consumerFactory = consumerFactory;
		this.producerFactory = producerFactory;
	}

	@Override
	public Consumer<byte[], byte[]> createConsumer(String groupId, String clientIdSuffix,
			Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>(this.consumerFactory.getConfigurationProperties());
		config.putAll(overrides);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		Object clientId = config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
		config.put(CommonClientConfigs.CLIENT_ID_CONFIG,
				((clientId != null) ? clientId + "-" : "pipeline-") + clientIdSuffix);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/**
	 * Creates a share consumer from the application's consumer settings, without those a
	 * share consumer refuses (offset reset, auto-commit, isolation level, assignment,
	 * interceptors, session and heartbeat settings, group protocol).
	 */
	@Override
	public ShareConsumer<byte[], byte[]> createShareConsumer(String groupId, String clientIdSuffix,
			Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>(this.consumerFactory.getConfigurationProperties());
		config.keySet().removeAll(SHARE_UNSUPPORTED);
		config.putAll(overrides);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		Object clientId = config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
		config.put(CommonClientConfigs.CLIENT_ID_CONFIG,
				((clientId != null) ? clientId + "-" : "pipeline-") + clientIdSuffix);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		return new KafkaShareConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	@Override
	public CompletableFuture<?> publish(ProducerRecord<byte[], byte[]> record) {
		return template().send(record);
	}

	@Override
	public @Nullable String defaultGroupId() {
		Object groupId = this.consumerFactory.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
		return (groupId != null) ? groupId.toString() : null;
	}

	@Override
	public synchronized void destroy() {
		if (this.deadLetterProducers != null) {
			this.deadLetterProducers.destroy();
			this.deadLetterProducers = null;
			this.deadLetters = null;
		}
	}

	private synchronized KafkaTemplate<byte[], byte[]> template() {
		if (this.deadLetters == null) {
			if (this.producerFactory == null) {
				throw new IllegalStateException(
						"Failed records go to a dead-letter topic, but the application has no Kafka ProducerFactory");
			}
			Map<String, Object> config = new HashMap<>(this.producerFactory.getConfigurationProperties());
			config.remove("key.serializer");
			config.remove("value.serializer");
			config.remove("transactional.id");
			this.deadLetterProducers = new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(),
					new ByteArraySerializer());
			this.deadLetters = new KafkaTemplate<>(this.deadLetterProducers);
		}
		return this.deadLetters;
	}

}
