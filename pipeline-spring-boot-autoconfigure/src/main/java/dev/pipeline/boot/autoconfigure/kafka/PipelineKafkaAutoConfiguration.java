package dev.pipeline.boot.autoconfigure.kafka;

import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.kafka.SpringKafkaClients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Lets pipelines consume Kafka topics, as a consumer group ({@code producer.kafka}) or a
 * share group ({@code producer.kafka-share}), with the consumer and producer settings
 * Spring Boot configures from {@code spring.kafka.*}. Active when Spring Kafka is on the
 * classpath.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = PipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(name = { "dev.pipeline.kafka.KafkaSources", "org.springframework.kafka.core.ConsumerFactory" })
public final class PipelineKafkaAutoConfiguration {

	@Bean
	static PipelineSourceKind<PipelineKafkaProperties> pipelineKafkaSourceKind(
			ObjectProvider<ConsumerFactory<?, ?>> consumers, ObjectProvider<ProducerFactory<?, ?>> producers) {
		return new KafkaSourceKind(() -> new SpringKafkaClients(consumers.getObject(), producers.getIfUnique()));
	}

	@Bean
	static PipelineSourceKind<PipelineKafkaShareProperties> pipelineKafkaShareSourceKind(
			ObjectProvider<ConsumerFactory<?, ?>> consumers, ObjectProvider<ProducerFactory<?, ?>> producers) {
		return new KafkaShareSourceKind(() -> new SpringKafkaClients(consumers.getObject(), producers.getIfUnique()));
	}

}
