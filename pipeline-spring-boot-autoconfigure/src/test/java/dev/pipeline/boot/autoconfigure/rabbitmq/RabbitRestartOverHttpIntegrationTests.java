package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.core.Pipeline;
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
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Safe reconfiguration over HTTP on a real broker: while 25,000 messages flow from
 * RabbitMQ (and 25,000 more after it), a restart whose JSON overrides change a source
 * setting (the prefetch) and a batcher setting loses nothing and handles nothing twice,
 * and the endpoint's configuration view shows both new values; an unknown key or a bad
 * value is answered 400 naming the key, and the running pipeline is untouched.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines",
				"management.endpoint.pipelines.access=unrestricted",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY,
				"pipeline.pipelines.orders.producer.rabbitmq.declare.enabled=true",
				"pipeline.pipelines.orders.producer.rabbitmq.declare.durable=false",
				"pipeline.pipelines.orders.producer.rabbitmq.prefetch=200",
				"pipeline.pipelines.orders.processors.default.concurrency=2",
				"pipeline.pipelines.orders.batchers.stored.batch-size=50",
				"pipeline.pipelines.orders.batchers.stored.batch-timeout=50ms" })
@TestBrokers(Broker.RABBITMQ)
class RabbitRestartOverHttpIntegrationTests {

	static final String QUEUE = "pipeline.it.http-restart-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.orders.producer.rabbitmq.queue", () -> QUEUE);
	}

	@LocalServerPort
	int port;

	@Autowired
	private RabbitTemplate template;

	@Autowired
	private PipelineRegistry registry;

	@Autowired
	private OrderHandler handler;

	@Test
	void whenRestartedOverHttpWithSourceAndBatcherOverridesUnderLoadThenNothingIsLostOrHandledTwice() {
		Http http = Http.localhost(this.port);
		int sent = 50_000;
		for (int i = 0; i < sent / 2; i++) {
			this.template.convertAndSend("", QUEUE, Integer.toString(i));
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.handler.stored.size() >= 10_000);
		Pipeline<?> before = this.registry.find("orders").orElseThrow();
		PipelineSpec<?> running = before.spec();

		Answer unknown = http.post("/actuator/pipelines/orders",
				"{\"action\":\"restart\",\"overrides\":{\"producer.rabbitmq.prefech\":300}}");
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
		assertThat(unknown.body()).contains("\"keys\"");
		assertThat(unknown.json().<List<String>>read("$.keys")).as(unknown.body())
			.containsExactly("producer.rabbitmq.prefech");
		assertThat(unknown.json().<String>read("$.reasons[0]"))
			.isEqualTo("Unknown key 'orders.producer.rabbitmq.prefech': no pipeline setting has that name.");
		Answer bad = http.post("/actuator/pipelines/orders",
				"{\"action\":\"restart\",\"overrides\":{\"batchers\":{\"stored\":{\"batch-size\":\"many\"}}}}");
		assertThat(bad.status()).as(bad.body()).isEqualTo(400);
		assertThat(bad.body()).contains("\"keys\"");
		assertThat(bad.json().<List<String>>read("$.keys")).containsExactly("batchers.stored.batch-size");
		assertThat(bad.json().<String>read("$.reasons[0]"))
			.isEqualTo("Invalid value 'many' for 'orders.batchers.stored.batch-size': must be an integer.");
		assertThat(this.registry.find("orders").orElseThrow().spec()).as("the running pipeline is untouched")
			.isSameAs(running);

		Answer restart = http.post("/actuator/pipelines/orders",
				"{\"action\":\"restart\",\"overrides\":{\"producer.rabbitmq.prefetch\":300,"
						+ "\"batchers\":{\"stored\":{\"batch-size\":20}}}}");
		assertThat(restart.status()).as(restart.body()).isEqualTo(202);
		Answer restarted = http.get(restart.json().<String>read("$.href") + "?wait=60s");
		assertThat(restarted.json().<String>read("$.state")).as(restarted.body()).isEqualTo("COMPLETED");
		this.handler.restarted = true;
		// The second half only after the restart, so that the new topology surely forms
		// batches: the first half may well be done by the time the answer arrives
		for (int i = sent / 2; i < sent; i++) {
			this.template.convertAndSend("", QUEUE, Integer.toString(i));
		}

		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.handler.stored.size() == sent);
		assertThat(restarted.json().<Boolean>read("$.result.drain.completed")).as("the drain finished in time")
			.isTrue();
		assertThat(restarted.json().<Integer>read("$.result.configuration['producer.rabbitmq.prefetch']"))
			.isEqualTo(300);
		assertThat(this.handler.duplicates.get()).as("handled twice").isZero();
		assertThat(this.handler.stored).as("lost").hasSize(sent);
		Answer view = http.get("/actuator/pipelines/orders");
		assertThat(view.json().<Integer>read("$.configuration['producer.rabbitmq.prefetch']")).isEqualTo(300);
		assertThat(view.json().<Integer>read("$.configuration['batchers.stored.batch-size']")).isEqualTo(20);
		assertThat(view.json().<Integer>read("$.configuration['processors.default.concurrency']")).isEqualTo(2);
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
		 * Set once the restart has completed: the old topology has drained, every batch
		 * from now on is new.
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
