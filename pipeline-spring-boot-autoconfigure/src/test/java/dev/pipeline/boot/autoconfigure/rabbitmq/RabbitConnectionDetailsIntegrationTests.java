package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.testbrokers.Brokers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RabbitMQ pipeline follows Spring Boot's {@link RabbitConnectionDetails}, which
 * {@code @ServiceConnection} registers for a container, over {@code spring.rabbitmq.*}:
 * here the properties name a closed port and wrong credentials, and a connection-details
 * bean names the local broker.
 */
@SpringBootTest(
		properties = { "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1", "spring.rabbitmq.username=nobody",
				"spring.rabbitmq.password=wrong", "pipeline.pipelines.details.producer.rabbitmq.declare.enabled=true",
				"pipeline.pipelines.details.producer.rabbitmq.declare.durable=false" })
class RabbitConnectionDetailsIntegrationTests {

	static final String QUEUE = "pipeline.it.details-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.details.producer.rabbitmq.queue", () -> QUEUE);
	}

	@Autowired
	private RabbitTemplate template;

	@Autowired
	private CachingConnectionFactory connectionFactory;

	@Autowired
	private TextHandler handler;

	@Test
	void whenConnectionDetailsAreDefinedThenThePipelineConsumesFromTheirBrokerNotFromTheProperties() {
		assertThat(this.connectionFactory.getPort()).as("port of the connection factory")
			.isEqualTo(Brokers.RABBITMQ_PORT);
		for (int i = 0; i < 100; i++) {
			this.template.convertAndSend("", QUEUE, "reading-" + i);
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.handler.handled.size() == 100);
		assertThat(this.handler.handled).contains("reading-0", "reading-99");
	}

	@AfterAll
	static void deleteQueue(@Autowired AmqpAdmin admin) {
		admin.deleteQueue(QUEUE);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TextHandler.class)
	static class DetailsApplication {

		@Bean
		RabbitConnectionDetails localBroker() {
			return new RabbitConnectionDetails() {

				@Override
				public String getUsername() {
					return "guest";
				}

				@Override
				public String getPassword() {
					return "guest";
				}

				@Override
				public List<Address> getAddresses() {
					return List.of(new Address(Brokers.RABBITMQ_HOST, Brokers.RABBITMQ_PORT));
				}

			};
		}

	}

	@PipelineHandler("details")
	static class TextHandler {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		@OnMessage
		void handle(String text) {
			this.handled.add(text);
		}

	}

}
