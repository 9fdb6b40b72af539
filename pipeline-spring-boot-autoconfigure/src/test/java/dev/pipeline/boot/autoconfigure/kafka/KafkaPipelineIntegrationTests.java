package dev.pipeline.boot.autoconfigure.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application that declares a Kafka pipeline in properties, connects with Spring
 * Boot's own {@code spring.kafka.*} settings, and handles JSON readings with a
 * {@code @PipelineHandler} bean, against a Kafka container with Docker or the local
 * broker without ({@link TestBrokers}): every record once, in order per key.
 */
@SpringBootTest(properties = { "spring.kafka.consumer.auto-offset-reset=earliest",
		"pipeline.pipelines.readings.producer.kafka.ordering=key",
		"pipeline.pipelines.readings.processors.default.concurrency=4",
		"pipeline.pipelines.readings.batchers.stored.batch-size=50",
		"pipeline.pipelines.readings.batchers.stored.batch-timeout=50ms" })
@TestBrokers(Broker.KAFKA)
class KafkaPipelineIntegrationTests {

	static final String TOPIC = "readings-" + UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	private KafkaTemplate<Object, Object> template;

	@Autowired
	private ReadingHandler handler;

	@Autowired
	private PipelineRegistry registry;

	@DynamicPropertySource
	static void topic(DynamicPropertyRegistry registry) {
		registry.add("pipeline.pipelines.readings.producer.kafka.topics", () -> TOPIC);
		registry.add("spring.kafka.consumer.group-id", () -> TOPIC);
	}

	@Test
	void whenReadingsArePublishedThenEachIsHandledOnceInOrderPerKey() {
		int sensors = 20;
		int perSensor = 100;
		for (int i = 0; i < perSensor; i++) {
			for (int s = 0; s < sensors; s++) {
				String key = "s" + s;
				this.template.send(new ProducerRecord<>(TOPIC, key, new Reading(key, i).json()));
			}
		}
		this.template.flush();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.handler.handled.get() == sensors * perSensor);
		assertThat(this.handler.outOfOrder.get()).as("readings out of order for their sensor").isZero();
		assertThat(this.handler.seen).hasSize(sensors);
		this.handler.seen.values().forEach((values) -> assertThat(values).hasSize(perSensor).doesNotHaveDuplicates());
	}

	@Test
	void whenMaxDemandIsNotSetThenTheProcessorsHoldFourPollsWorthOfRecords() {
		// four polls of max-poll-records 500 over 4 processors
		assertThat(this.registry.find("readings").orElseThrow().spec().processors().maxDemand()).isEqualTo(500);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReadingHandler.class)
	static class KafkaApplication {

		@Bean
		NewTopic readings() {
			return TopicBuilder.name(TOPIC).partitions(3).build();
		}

	}

	@PipelineHandler("readings")
	static class ReadingHandler {

		final Map<String, List<Double>> seen = new ConcurrentHashMap<>();

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger outOfOrder = new AtomicInteger();

		@OnMessage
		Reading handle(Reading reading) {
			List<Double> values = this.seen.computeIfAbsent(reading.sensorId(), (k) -> new ArrayList<>());
			if (!values.isEmpty() && values.get(values.size() - 1) >= reading.value()) {
				this.outOfOrder.incrementAndGet();
			}
			values.add(reading.value());
			return reading;
		}

		@OnBatch("stored")
		void store(List<Reading> batch, BatchInfo info) {
			this.handled.addAndGet(batch.size());
		}

	}

}
