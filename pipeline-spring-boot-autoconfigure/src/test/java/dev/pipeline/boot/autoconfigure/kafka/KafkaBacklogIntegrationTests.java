package dev.pipeline.boot.autoconfigure.kafka;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Figures;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka pipeline's backlog on a real broker: the handler holds every record until the
 * test ends, so nothing is committed and each partition's lag is all its records; the
 * consumer pauses the partitions while its buffer waits for demand. The endpoint and the
 * Prometheus scrape show the same lag per partition.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines,prometheus",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY,
				"spring.kafka.consumer.auto-offset-reset=earliest",
				"pipeline.pipelines.lagging.processors.default.concurrency=2",
				"pipeline.pipelines.lagging.processors.default.max-demand=10" })
@TestBrokers(Broker.KAFKA)
class KafkaBacklogIntegrationTests {

	static final String TOPIC = "lagging-" + UUID.randomUUID().toString().substring(0, 8);

	static final int PER_PARTITION = 500;

	static final CountDownLatch release = new CountDownLatch(1);

	@DynamicPropertySource
	static void topic(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.lagging.producer.kafka.topics", () -> TOPIC);
		registry.add("spring.kafka.consumer.group-id", () -> TOPIC);
	}

	@LocalServerPort
	int port;

	@Autowired
	private KafkaTemplate<Object, Object> template;

	@Test
	void whenRecordsWaitThenEachPartitionsLagShowsThemInTheEndpointAndTheScrape() {
		for (int i = 0; i < PER_PARTITION; i++) {
			for (int partition = 0; partition < 2; partition++) {
				this.template.send(new ProducerRecord<>(TOPIC, partition, "k" + partition, new Reading("s", i).json()));
			}
		}
		this.template.flush();
		Http http = Http.localhost(this.port);
		await().untilAsserted(() -> {
			Figures now = Figures.of(http, "lagging");
			assertThat(now.broker()).as(now.toString()).isNotNull();
			assertThat(partitions(now.broker())).as(now.toString())
				.hasSize(2)
				.allMatch((p) -> number(p.get("endOffset")) == PER_PARTITION);
		});
		Figures figures = Figures.of(http, "lagging");
		Map<String, Object> broker = figures.broker();
		assertThat(number(broker.get("lag"))).isEqualTo(2L * PER_PARTITION);
		http.get("/actuator/prometheus");
		String scrape = http.get("/actuator/prometheus").body();
		for (Map<String, Object> partition : partitions(broker)) {
			assertThat(partition).containsEntry("topic", TOPIC).containsEntry("committed", -1);
			assertThat(number(partition.get("lag"))).as("nothing committed: all its records").isEqualTo(PER_PARTITION);
			assertThat(partition.get("paused")).as("paused while fetched records wait").isEqualTo(true);
			assertThat(Figures.sample(scrape, "pipeline_source_lag", Map.of("pipeline", "lagging", "topic", TOPIC,
					"partition", String.valueOf(partition.get("partition")))))
				.isEqualTo(PER_PARTITION);
		}
		assertThat(figures.stage("PROCESSOR", "inFlight")).isPositive();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> partitions(Map<String, Object> broker) {
		return (List<Map<String, Object>>) broker.get("partitions");
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	@AfterAll
	static void releaseHandlers() {
		release.countDown();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HoldingHandler.class)
	static class KafkaApplication {

		@Bean
		NewTopic lagging() {
			return TopicBuilder.name(TOPIC).partitions(2).build();
		}

	}

	@PipelineHandler("lagging")
	static class HoldingHandler {

		@OnMessage
		Reading handle(Reading reading) throws InterruptedException {
			release.await();
			return reading;
		}

	}

}
