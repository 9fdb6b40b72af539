package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application that declares a RabbitMQ pipeline in properties, connects through
 * Spring Boot's own connection factory, and handles JSON readings with a
 * {@code @PipelineHandler} bean, against a RabbitMQ container with Docker or the local
 * broker without ({@link TestBrokers}).
 */
@SpringBootTest(properties = { "pipeline.pipelines.readings.producer.rabbitmq.declare.enabled=true",
		"pipeline.pipelines.readings.producer.rabbitmq.declare.durable=false",
		"pipeline.pipelines.readings.processors.default.concurrency=2",
		"pipeline.pipelines.readings.batchers.stored.batch-size=50",
		"pipeline.pipelines.readings.batchers.stored.batch-timeout=100ms" })
@TestBrokers(Broker.RABBITMQ)
class RabbitPipelineIntegrationTests {

	static final String QUEUE = "pipeline.it.readings-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.readings.producer.rabbitmq.queue", () -> QUEUE);
		registry.add("pipeline.pipelines.readings.producer.rabbitmq.declare.dead-letter.exchange",
				() -> QUEUE + ".dlx");
	}

	@Autowired
	private RabbitTemplate template;

	@Autowired
	private AmqpAdmin admin;

	@Autowired
	private ReadingHandler handler;

	@Test
	void whenReadingsArePublishedThenEachIsHandledOnceAndPoisonGoesToTheDeadLetterQueue() {
		int sent = 2_000;
		for (int i = 0; i < sent; i++) {
			String body = (i % 100 == 99) ? "{\"sensorId\": 42" : new Reading("s" + (i % 10), i).json();
			org.springframework.amqp.core.Message message = new org.springframework.amqp.core.Message(body.getBytes(),
					contentType());
			this.template.send("", QUEUE, message);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.handler.stored.size() + countOf(QUEUE + ".dlq") == sent);
		assertThat(this.handler.duplicates.get()).as("handled twice").isZero();
		assertThat(this.handler.stored).hasSize(sent - 20);
		assertThat(countOf(QUEUE + ".dlq")).as("poison in the dead-letter queue").isEqualTo(20);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> countOf(QUEUE) == 0);
	}

	private int countOf(String queue) {
		var info = this.admin.getQueueInfo(queue);
		return (info != null) ? (int) info.getMessageCount() : 0;
	}

	private static MessageProperties contentType() {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		return properties;
	}

	@AfterAll
	static void deleteQueues(@Autowired AmqpAdmin admin) {
		admin.deleteQueue(QUEUE);
		admin.deleteQueue(QUEUE + ".dlq");
		admin.deleteExchange(QUEUE + ".dlx");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReadingHandler.class)
	static class RabbitApplication {

	}

	@PipelineHandler("readings")
	static class ReadingHandler {

		final Set<Integer> stored = ConcurrentHashMap.newKeySet();

		final AtomicInteger duplicates = new AtomicInteger();

		@OnMessage
		Reading handle(Reading reading) {
			return reading;
		}

		@OnBatch("stored")
		void store(List<Reading> batch, BatchInfo info) {
			for (Reading reading : batch) {
				if (!this.stored.add((int) reading.value())) {
					this.duplicates.incrementAndGet();
				}
			}
		}

	}

}
