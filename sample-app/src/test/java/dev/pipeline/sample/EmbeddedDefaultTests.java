package dev.pipeline.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as a newcomer runs it: no profile, the generator source, the
 * Actuator endpoints on a real port. Both brokers' settings point at a closed port, so
 * anything that tried to connect would fail or turn health DOWN.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.rabbitmq.host=127.0.0.1",
		"spring.rabbitmq.port=1", "spring.kafka.bootstrap-servers=127.0.0.1:1", "sample.report-interval=1h" })
class EmbeddedDefaultTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private SensorAggregates aggregates;

	@Autowired
	private AggregateReporter reporter;

	@LocalServerPort
	private int port;

	@Test
	void whenNoProfileIsActiveThenNoBrokerClientExists() {
		assertThat(this.context.getBeanNamesForType(org.springframework.amqp.rabbit.connection.ConnectionFactory.class))
			.isEmpty();
		assertThat(this.context.getBeanNamesForType(org.springframework.kafka.core.ConsumerFactory.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(org.springframework.kafka.core.ProducerFactory.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(BrokerSimulator.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(AggregatePublisher.class)).isEmpty();
	}

	@Test
	void whenNoProfileIsActiveThenSimulatedReadingsOfEverySensorAreAggregatedAndThroughputIsReported() {
		Waits.await(20).until(() -> this.aggregates.snapshot().size() == 20 && this.aggregates.totalCount() > 1000);

		// a report right after the scheduled one may find no reading settled in between
		Waits.await(20).until(() -> this.reporter.report() > 0);
		assertThat(this.aggregates.snapshot().values()).allSatisfy((aggregate) -> {
			// SensorSimulator: sensor n reads 10 + 5n, give or take 2
			double level = 10.0 + 5.0 * Integer.parseInt(aggregate.sensorId().substring("sensor-".length()));
			assertThat(aggregate.min()).isGreaterThanOrEqualTo(level - 2);
			assertThat(aggregate.max()).isLessThanOrEqualTo(level + 2);
			assertThat(aggregate.mean()).isBetween(aggregate.min(), aggregate.max());
		});
	}

	@Test
	void whenNoProfileIsActiveThenHealthIsUpAndThePipelinesEndpointShowsTheRunningPipeline() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");

		HttpResponse<String> pipelines = get("/actuator/pipelines");
		assertThat(pipelines.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(pipelines.body(), "$.pipelines.sensors.state")).isEqualTo("RUNNING");
		assertThat(JsonPath.<String>read(pipelines.body(), "$.pipelines.sensors.source")).startsWith("generator");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
