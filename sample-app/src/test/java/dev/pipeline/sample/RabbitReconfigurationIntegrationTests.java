package dev.pipeline.sample;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.PipelineState;
import dev.pipeline.testbrokers.Broker;
import dev.pipeline.testbrokers.TestBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code rabbitmq} profile against a RabbitMQ container with Docker, or the local
 * broker (127.0.0.1:5672, guest/guest) without ({@link TestBrokers}), with exchange and
 * queue names of this run only, deleted afterwards. The simulator is off: the test
 * publishes known readings itself. The pipeline is rate-limited to 5,000 readings/s so
 * that a configuration message lands while readings are still flowing.
 */
@SpringBootTest(properties = { "spring.docker.compose.enabled=false", "sample.simulator.enabled=false",
		"sample.report-interval=1h", "pipeline.pipelines.sensors.producer.rabbitmq.declare.durable=false",
		"pipeline.pipelines.sensors.producer.rate-limit.allowed-messages=500",
		"pipeline.pipelines.sensors.producer.rate-limit.interval=100ms" })
@ActiveProfiles("rabbitmq")
@DirtiesContext
@TestBrokers(Broker.RABBITMQ)
class RabbitReconfigurationIntegrationTests {

	static final String RUN = "it-" + UUID.randomUUID().toString().substring(0, 8);

	static final String READINGS_EXCHANGE = "sensor.readings." + RUN;

	static final String READINGS_QUEUE = "sensor.readings." + RUN;

	static final String AGGREGATES_EXCHANGE = "sensor.aggregates." + RUN;

	static final String AGGREGATES_QUEUE = "sensor.aggregates.watch." + RUN;

	static final String CONFIG_QUEUE = "sensor.config." + RUN;

	static final int SENSORS = 10;

	@DynamicPropertySource
	static void names(DynamicPropertyRegistry registry) {
		registry.add("sample.rabbitmq.readings-exchange", () -> READINGS_EXCHANGE);
		registry.add("sample.rabbitmq.readings-queue", () -> READINGS_QUEUE);
		registry.add("sample.rabbitmq.aggregates-exchange", () -> AGGREGATES_EXCHANGE);
		registry.add("sample.rabbitmq.config-queue", () -> CONFIG_QUEUE);
	}

	@Autowired
	private RabbitTemplate template;

	@Autowired
	private AmqpAdmin admin;

	@Autowired
	private PipelineRegistry registry;

	@Autowired
	private SensorAggregates aggregates;

	@Autowired
	private AggregateReporter reporter;

	@Test
	void whenAConfigMessageArrivesUnderLoadThenEveryReadingIsCountedExactlyOnceAndTheNewSettingsRun() {
		int sent = 20_000;
		for (int i = 0; i < sent; i++) {
			publishReading("load-" + (i % SENSORS), i);
		}
		Waits.await(30).until(() -> loadCount() >= 2_000);

		this.template.send("", CONFIG_QUEUE, json("{\"pipeline\":\"sensors\",\"overrides\":"
				+ "{\"batchers.per-sensor.batch-size\":50,\"processors.default.concurrency\":4}}"));

		AtomicLong countWhenRestarted = new AtomicLong();
		Waits.await(30).until(() -> {
			countWhenRestarted.set(loadCount());
			PipelineSpec<?> spec = pipeline().spec();
			return spec.batcher(SampleProperties.BATCHER).batchSize() == 50 && spec.processors().concurrency() == 4;
		});
		assertThat(countWhenRestarted.get()).as("readings counted when the new settings took over").isLessThan(sent);
		Waits.await(60)
			.until(() -> loadCount() >= sent && messagesIn(READINGS_QUEUE) == 0 && pipeline().stats().inFlight() == 0);

		assertThat(loadCount()).as("readings counted (sent: %d)", sent).isEqualTo(sent);
		assertThat(pipeline().state()).isEqualTo(PipelineState.RUNNING);
		assertThat(pipeline().stats().failed()).isZero();
		for (int sensor = 0; sensor < SENSORS; sensor++) {
			// sensor s read s, s + 10, ..., s + 19,990
			SensorAggregate aggregate = this.aggregates.get("load-" + sensor);
			assertThat(aggregate).isNotNull();
			assertThat(aggregate.count()).isEqualTo(sent / SENSORS);
			assertThat(aggregate.min()).isEqualTo(sensor);
			assertThat(aggregate.max()).isEqualTo(sent - SENSORS + sensor);
			assertThat(aggregate.mean()).isCloseTo(sensor + (sent - SENSORS) / 2.0, within(1e-6));
		}
	}

	@Test
	void whenAReportRunsThenChangedAggregatesArePublishedAsJsonToTheAggregatesExchange() {
		this.admin.declareQueue(new Queue(AGGREGATES_QUEUE, false, false, true));
		this.admin.declareBinding(BindingBuilder.bind(new Queue(AGGREGATES_QUEUE))
			.to(new TopicExchange(AGGREGATES_EXCHANGE))
			.with("aggregates.report-1"));
		publishReading("report-1", 4);
		publishReading("report-1", 8);
		Waits.await(30).until(() -> {
			SensorAggregate aggregate = this.aggregates.get("report-1");
			return aggregate != null && aggregate.count() == 2;
		});

		this.reporter.report();

		Message published = this.template.receive(AGGREGATES_QUEUE, 10_000);
		assertThat(published).isNotNull();
		assertThat(published.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
		String body = new String(published.getBody(), StandardCharsets.UTF_8);
		assertThat(JsonPath.<Map<String, Object>>read(body, "$")).containsEntry("sensorId", "report-1")
			.containsEntry("count", 2)
			.containsEntry("min", 4.0)
			.containsEntry("max", 8.0)
			.containsEntry("mean", 6.0);
	}

	@Test
	void whenAReadingIsNotJsonThenItIsDeadLetteredAndThePipelineGoesOn() {
		this.template.send(READINGS_EXCHANGE, "sensors.poison", json("not json"));

		Message dead = this.template.receive(READINGS_QUEUE + ".dlq", 10_000);

		assertThat(dead).isNotNull();
		assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json");
		assertThat(pipeline().state()).isEqualTo(PipelineState.RUNNING);
	}

	private void publishReading(String sensorId, double value) {
		this.template.send(READINGS_EXCHANGE, "sensors." + sensorId, json("{\"sensorId\":\"" + sensorId
				+ "\",\"value\":" + value + ",\"timestamp\":" + System.currentTimeMillis() + "}"));
	}

	private static Message json(String body) {
		return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.build();
	}

	private long loadCount() {
		return this.aggregates.snapshot()
			.values()
			.stream()
			.filter((aggregate) -> aggregate.sensorId().startsWith("load-"))
			.mapToLong(SensorAggregate::count)
			.sum();
	}

	private long messagesIn(String queue) {
		Properties properties = this.admin.getQueueProperties(queue);
		return (properties != null) ? ((Number) properties.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).longValue() : -1;
	}

	private Pipeline<?> pipeline() {
		return this.registry.find(SampleProperties.PIPELINE).orElseThrow();
	}

	@AfterAll
	static void deleteRunEntities(@Autowired RabbitListenerEndpointRegistry listeners,
			@Autowired PipelineRegistry registry, @Autowired AmqpAdmin admin) {
		// stop consuming first, so nothing declares the queues again once they are gone
		listeners.stop();
		registry.find(SampleProperties.PIPELINE).ifPresent(Pipeline::drain);
		admin.deleteQueue(READINGS_QUEUE);
		admin.deleteQueue(READINGS_QUEUE + ".dlq");
		admin.deleteQueue(CONFIG_QUEUE);
		admin.deleteQueue(AGGREGATES_QUEUE);
		admin.deleteExchange(READINGS_QUEUE + ".dlx");
		admin.deleteExchange(READINGS_EXCHANGE);
		admin.deleteExchange(AGGREGATES_EXCHANGE);
	}

}
