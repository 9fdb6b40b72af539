package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Figures;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.MessageProperties;
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

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the messages of a RabbitMQ pipeline are while a backlog waits: the handler stops
 * at reading 25 until the test ends, so the broker holds the rest of the queue, the
 * prefetch is delivered and unacknowledged, and the pipeline's figures settle. The
 * queue's depth and the unacknowledged deliveries make up what was published; the stages'
 * figures add up to the pipeline's total; the endpoint and the Prometheus scrape agree.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines,prometheus",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY,
				"pipeline.pipelines.backlog.producer.rabbitmq.declare.enabled=true",
				"pipeline.pipelines.backlog.producer.rabbitmq.declare.durable=false",
				"pipeline.pipelines.backlog.producer.rabbitmq.prefetch=50",
				"pipeline.pipelines.backlog.processors.default.concurrency=2",
				"pipeline.pipelines.backlog.processors.default.max-demand=10",
				"pipeline.pipelines.backlog.batchers.store.batch-size=1000",
				"pipeline.pipelines.backlog.batchers.store.batch-timeout=1h" })
@TestBrokers(Broker.RABBITMQ)
class RabbitBacklogIntegrationTests {

	static final String QUEUE = "pipeline.it.backlog-" + UUID.randomUUID().toString().substring(0, 8);

	static final int PUBLISHED = 500;

	static final CountDownLatch release = new CountDownLatch(1);

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.backlog.producer.rabbitmq.queue", () -> QUEUE);
	}

	@LocalServerPort
	int port;

	@Autowired
	private RabbitTemplate template;

	@Test
	@SuppressWarnings("unchecked")
	void whenABacklogWaitsThenTheQueueDepthUnacknowledgedAndStageFiguresShowItAlikeInTheEndpointAndTheScrape() {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		for (int i = 0; i < PUBLISHED; i++) {
			this.template.send("", QUEUE,
					new org.springframework.amqp.core.Message(new Reading("s", i).json().getBytes(), properties));
		}
		Http http = Http.localhost(this.port);
		AtomicReference<String> previous = new AtomicReference<>("");
		await().until(() -> {
			Figures figures = Figures.of(http, "backlog");
			Map<String, Object> broker = figures.broker();
			String settled = figures.settled() + broker;
			boolean same = settled.equals(previous.getAndSet(settled));
			return same && broker != null && figures.stage("PROCESSOR", "inFlight") > 0 && figures.open("messages") > 0
					&& number(broker.get("queueDepth")) + number(broker.get("unacknowledged")) == PUBLISHED;
		});
		Figures figures = Figures.of(http, "backlog");
		Map<String, Object> broker = figures.broker();
		assertThat(broker).containsEntry("queue", QUEUE);
		long depth = number(broker.get("queueDepth"));
		long unacknowledged = number(broker.get("unacknowledged"));
		assertThat(depth).isPositive();
		assertThat(unacknowledged).as("the prefetch, delivered and unacknowledged").isEqualTo(50);
		assertThat(figures.sum()).as(figures.toString()).isEqualTo(figures.total());
		assertThat(figures.total()).isPositive().isLessThanOrEqualTo(unacknowledged);
		http.get("/actuator/prometheus");
		String scrape = http.get("/actuator/prometheus").body();
		assertThat(Figures.of(http, "backlog").settled()).as("still settled").isEqualTo(figures.settled());
		Map<String, String> pipeline = Map.of("pipeline", "backlog");
		assertThat(Figures.sample(scrape, "pipeline_source_queue_depth", Map.of("pipeline", "backlog", "queue", QUEUE)))
			.isEqualTo(depth);
		assertThat(Figures.sample(scrape, "pipeline_source_unacknowledged", pipeline)).isEqualTo(unacknowledged);
		assertThat(Figures.sample(scrape, "pipeline_in_flight", pipeline)).isEqualTo(figures.total());
		assertThat(Figures.sample(scrape, "pipeline_source_buffered", pipeline)).isEqualTo(figures.buffered());
		assertThat(Figures.sample(scrape, "pipeline_stage_in_flight",
				Map.of("pipeline", "backlog", "stage", "processor", "batcher", "none")))
			.isEqualTo(figures.stage("PROCESSOR", "inFlight"));
		assertThat(Figures.sample(scrape, "pipeline_batcher_open_messages",
				Map.of("pipeline", "backlog", "batcher", "store")))
			.isEqualTo(figures.open("messages"));
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	@AfterAll
	static void releaseHandlers(@Autowired AmqpAdmin admin) {
		release.countDown();
		admin.deleteQueue(QUEUE);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HoldingHandler.class)
	static class RabbitApplication {

	}

	@PipelineHandler("backlog")
	static class HoldingHandler {

		@OnMessage
		Reading handle(Reading reading) throws InterruptedException {
			if (reading.value() >= 25) {
				release.await();
			}
			return reading;
		}

		@OnBatch("store")
		void store(List<Reading> batch) {
		}

	}

}
