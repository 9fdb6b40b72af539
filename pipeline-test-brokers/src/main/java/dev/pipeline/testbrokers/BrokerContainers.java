package dev.pipeline.testbrokers;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The brokers as containers: Spring Boot starts each with the application context, makes
 * its connection details ({@code RabbitConnectionDetails},
 * {@code KafkaConnectionDetails}) from {@code @ServiceConnection}, and stops it when the
 * context closes.
 */
final class BrokerContainers {

	private BrokerContainers() {
	}

	@Configuration(proxyBeanMethods = false)
	static class Rabbit {

		@Bean
		@ServiceConnection
		RabbitMQContainer rabbitContainer() {
			return new RabbitMQContainer(DockerImageName.parse(Broker.RABBITMQ.image()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Kafka {

		@Bean
		@ServiceConnection
		KafkaContainer kafkaContainer() {
			return new KafkaContainer(DockerImageName.parse(Broker.KAFKA.image()));
		}

	}

}
