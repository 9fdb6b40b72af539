package dev.pipeline.sample;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * The sample's brokers as Testcontainers containers, for {@link TestSensorApplication}:
 * the broker of the active profile is started with the application and stopped with it,
 * and {@code @ServiceConnection} points Spring Boot's connection factories at it,
 * whatever {@code spring.rabbitmq.*} and {@code spring.kafka.*} say. The images are those
 * of {@code compose.yaml}.
 */
@TestConfiguration(proxyBeanMethods = false)
class ContainersConfiguration {

	@Bean
	@ServiceConnection
	@Profile("rabbitmq")
	RabbitMQContainer rabbitmq() {
		return new RabbitMQContainer(DockerImageName.parse("rabbitmq:4-management"));
	}

	@Bean
	@ServiceConnection
	@Profile("kafka")
	KafkaContainer kafka() {
		return new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"));
	}

}
