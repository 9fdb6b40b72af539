package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
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
 * Guarantee 7 on a real broker: a pipeline declared in properties is restarted with new
 * settings while 25,000 messages flow from RabbitMQ (and 25,000 more after it); nothing
 * is lost, nothing is handled (so acknowledged) twice, and the new settings run
 * afterwards.
 */
@SpringBootTest(properties = { "pipeline.pipelines.orders.producer.rabbitmq.declare.enabled=true",
		"pipeline.pipelines.orders.producer.rabbitmq.declare.durable=false",
		"pipeline.pipelines.orders.processors.default.concurrency=2",
		"pipeline.pipelines.orders.batchers.stored.batch-size=50",
		"pipeline.pipelines.orders.batchers.stored.batch-timeout=50ms" })
@TestBrokers(Broker.RABBITMQ)
class RabbitRestartIntegrationTests {

	static final String QUEUE = "pipeline.it.restart-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.orders.producer.rabbitmq.queue", () -> QUEUE);
	}

	@Autowired
	private RabbitTemplate template;

	@Autowired
	private PipelineRegistry registry;

	@Autowired
	private OrderHandler handler;

	@Test
	void whenRestartedWithNewSettingsUnderLoadThenNothingIsLostOrHandledTwice() {
		int sent = 50_000;
		for (int i = 0; i < sent / 2; i++) {
			this.template.convertAndSend("", QUEUE, Integer.toString(i));
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.handler.stored.size() >= 10_000);

		DrainResult drain = this.registry.restart("orders",
				Map.of("processors.default.concurrency", 4, "batchers.stored.batch-size", 20));
		this.handler.restarted = true;
		// The second half only after the restart, so that the new settings surely form
		// batches: the first half may be done by the time the restart returns
		for (int i = sent / 2; i < sent; i++) {
			this.template.convertAndSend("", QUEUE, Integer.toString(i));
		}

		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.handler.stored.size() == sent);
		assertThat(drain.completed()).as("the drain finished in time").isTrue();
		assertThat(this.handler.duplicates.get()).as("handled twice").isZero();
		assertThat(this.handler.stored).as("lost").hasSize(sent);
		PipelineSpec<?> spec = this.registry.find("orders").orElseThrow().spec();
		assertThat(spec.processors().concurrency()).isEqualTo(4);
		assertThat(spec.batcher("stored").batchSize()).isEqualTo(20);
		assertThat(this.handler.batchSizesAfterRestart).isNotEmpty()
			.allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(20));
	}

	@AfterAll
	static void deleteQueue(@Autowired AmqpAdmin admin) {
		admin.deleteQueue(QUEUE);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrderHandler.class)
	static class RestartApplication {

	}

	@PipelineHandler("orders")
	static class OrderHandler {

		final Set<String> stored = ConcurrentHashMap.newKeySet();

		final AtomicInteger duplicates = new AtomicInteger();

		final Set<Integer> batchSizesAfterRestart = ConcurrentHashMap.newKeySet();

		/**
		 * Set once restart has returned: the old topology has drained, every batch from
		 * now on is new.
		 */
		volatile boolean restarted;

		@OnMessage
		String handle(String order) {
			return order;
		}

		@OnBatch("stored")
		void store(List<String> batch) {
			if (this.restarted) {
				this.batchSizesAfterRestart.add(batch.size());
			}
			for (String order : batch) {
				if (!this.stored.add(order)) {
					this.duplicates.incrementAndGet();
				}
			}
		}

	}

}
