package dev.pipeline.boot.autoconfigure.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.testbrokers.Brokers;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka pipeline follows Spring Boot's {@link KafkaConnectionDetails}, which
 * {@code @ServiceConnection} registers for a container, over {@code spring.kafka.*}: here
 * {@code spring.kafka.bootstrap-servers} names a closed port, and a connection-details
 * bean names the local broker.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=127.0.0.1:1",
		"spring.kafka.consumer.auto-offset-reset=earliest" })
class KafkaConnectionDetailsIntegrationTests {

	static final String TOPIC = "details-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void topic(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.details.producer.kafka.topics", () -> TOPIC);
		registry.add("spring.kafka.consumer.group-id", () -> TOPIC);
	}

	@Autowired
	private KafkaTemplate<Object, Object> template;

	@Autowired
	private ConsumerFactory<?, ?> consumerFactory;

	@Autowired
	private TextHandler handler;

	@Test
	void whenConnectionDetailsAreDefinedThenThePipelineConsumesFromTheirBrokerNotFromTheProperties() {
		assertThat(this.consumerFactory.getConfigurationProperties().get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG))
			.asString()
			.contains(Brokers.localKafka())
			.doesNotContain("127.0.0.1:1]");
		for (int i = 0; i < 100; i++) {
			this.template.send(TOPIC, "reading-" + i);
		}
		this.template.flush();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.handler.handled.size() == 100);
		assertThat(this.handler.handled).contains("reading-0", "reading-99");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TextHandler.class)
	static class DetailsApplication {

		@Bean
		KafkaConnectionDetails localBroker() {
			return () -> List.of(Brokers.localKafka().split(","));
		}

		@Bean
		NewTopic detailsTopic() {
			return TopicBuilder.name(TOPIC).partitions(2).build();
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
