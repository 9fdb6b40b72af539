package dev.pipeline.sample.kafka;

import java.util.List;

import dev.pipeline.sample.AggregatePublisher;
import dev.pipeline.sample.BrokerSimulator;
import dev.pipeline.sample.SampleProperties;
import dev.pipeline.sample.SensorAggregate;
import dev.pipeline.sample.SensorReconfigurer;
import dev.pipeline.sample.SensorSimulator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Profile {@code kafka}: the topics (created when missing), the simulator publishing JSON
 * readings keyed by sensor id, the publisher of aggregates, and the listener of
 * configuration messages.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
public class KafkaSampleConfiguration {

	@Bean
	KafkaAdmin.NewTopics sensorTopics(SampleProperties properties) {
		SampleProperties.Kafka names = properties.kafka();
		return new KafkaAdmin.NewTopics(
				TopicBuilder.name(names.readingsTopic()).partitions(names.partitions()).replicas(1).build(),
				TopicBuilder.name(names.aggregatesTopic()).partitions(1).replicas(1).build(),
				TopicBuilder.name(names.configTopic()).partitions(1).replicas(1).build());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
	BrokerSimulator kafkaSimulator(SensorSimulator simulator, KafkaTemplate<String, String> template,
			JsonMapper jsonMapper, SampleProperties properties) {
		String topic = properties.kafka().readingsTopic();
		return new BrokerSimulator(simulator,
				(reading) -> template.send(topic, reading.sensorId(), jsonMapper.writeValueAsString(reading)),
				properties.simulator().rate());
	}

	@Bean
	AggregatePublisher kafkaAggregatePublisher(KafkaTemplate<String, String> template, JsonMapper jsonMapper,
			SampleProperties properties) {
		String topic = properties.kafka().aggregatesTopic();
		return (List<SensorAggregate> changed) -> changed.forEach(
				(aggregate) -> template.send(topic, aggregate.sensorId(), jsonMapper.writeValueAsString(aggregate)));
	}

	@Bean
	ConfigListener kafkaConfigListener(SensorReconfigurer reconfigurer) {
		return new ConfigListener(reconfigurer);
	}

	/**
	 * Reads configuration messages from {@code sample.kafka.config-topic} and applies
	 * them; the offset is committed once the pipeline has restarted, or once the message
	 * was refused.
	 */
	static class ConfigListener {

		private final SensorReconfigurer reconfigurer;

		ConfigListener(SensorReconfigurer reconfigurer) {
			this.reconfigurer = reconfigurer;
		}

		@KafkaListener(topics = "${sample.kafka.config-topic:sensor-config}", groupId = "sensor-config")
		void onConfig(String json) {
			this.reconfigurer.apply(json);
		}

	}

}
