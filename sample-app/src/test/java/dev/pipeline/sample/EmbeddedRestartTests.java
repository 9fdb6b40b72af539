package dev.pipeline.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default reconfigured over HTTP: the same JSON restart as on a broker
 * changes the generator's rate, and the endpoint shows it. Its own context (this test
 * restarts the pipeline, which resets the totals other tests read).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1",
				"spring.kafka.bootstrap-servers=127.0.0.1:1", "sample.report-interval=2h" })
@DirtiesContext
class EmbeddedRestartTests {

	@LocalServerPort
	private int port;

	@Test
	void whenARestartOverHttpChangesTheGeneratorRateThenTheEndpointShowsIt() throws Exception {
		HttpResponse<String> before = get("/actuator/pipelines/sensors");
		assertThat(JsonPath.<Double>read(before.body(), "$.configuration['producer.generator.rate']"))
			.isEqualTo(2000.0);

		HttpResponse<String> restart = post("/actuator/pipelines/sensors",
				"{\"action\":\"restart\",\"overrides\":{\"producer.generator.rate\":500}}");
		assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
		String operation = JsonPath.read(restart.body(), "$.href");
		assertThat(operation).startsWith("/actuator/pipelines/sensors/operations/");

		HttpResponse<String> done = get(operation + "?wait=30s");
		assertThat(JsonPath.<String>read(done.body(), "$.state")).as(done.body()).isEqualTo("COMPLETED");
		assertThat(JsonPath.<String>read(done.body(), "$.result.state")).isEqualTo("RUNNING");
		assertThat(JsonPath.<Double>read(done.body(), "$.result.configuration['producer.generator.rate']"))
			.isEqualTo(500.0);

		HttpResponse<String> after = get("/actuator/pipelines/sensors");
		assertThat(JsonPath.<Double>read(after.body(), "$.configuration['producer.generator.rate']")).isEqualTo(500.0);
		assertThat(JsonPath.<String>read(after.body(), "$.configuration['producer.generator.payload-bean']"))
			.isEqualTo("sensorSimulator");
		assertThat(JsonPath.<Integer>read(after.body(), "$.configuration['batchers.per-sensor.batch-size']"))
			.isEqualTo(100);
	}

	private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
