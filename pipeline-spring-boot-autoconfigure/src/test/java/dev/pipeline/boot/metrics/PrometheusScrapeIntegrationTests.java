package dev.pipeline.boot.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.TestPipelinesApplication.TestPipelines;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pipeline_*} meters as Prometheus scrapes them
 * ({@code /actuator/prometheus}), after a known run: 100 messages through pipeline
 * {@code metered}, of which the 10 with data divisible by 10 fail in the processor and
 * the other 90 go through batcher {@code store}.
 */
@PipelinesApplicationTest
class PrometheusScrapeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestPipelines pipelines;

	@Nested
	class Scrape {

		@Test
		void whenKnownRunCompletedThenMetersShowItsFigures() {
			TestPipelines test = PrometheusScrapeIntegrationTests.this.pipelines;
			TestPipelines.push(test.metered, test.meteredAcks, 0, 100);
			await().until(() -> test.meteredAcks.total() == 100);
			Http http = Http.localhost(PrometheusScrapeIntegrationTests.this.port);
			await().untilAsserted(() -> assertThat(value(http.get("/actuator/prometheus"), "pipeline_batch_size_sum",
					Map.of("pipeline", "metered", "batcher", "store")))
				.isEqualTo(90.0));
			Answer scrape = http.get("/actuator/prometheus");
			assertThat(scrape.status()).isEqualTo(200);
			Map<String, String> processor = Map.of("pipeline", "metered", "stage", "processor", "batcher", "none");
			assertThat(value(scrape, "pipeline_messages_total", with(processor, "outcome", "success"))).isEqualTo(90.0);
			assertThat(value(scrape, "pipeline_messages_total", with(processor, "outcome", "failure"))).isEqualTo(10.0);
			Map<String, String> worker = Map.of("pipeline", "metered", "stage", "batch_worker", "batcher", "store");
			assertThat(value(scrape, "pipeline_messages_total", with(worker, "outcome", "success"))).isEqualTo(90.0);
			assertThat(value(scrape, "pipeline_messages_total", with(worker, "outcome", "failure"))).isEqualTo(0.0);
			assertThat(
					value(scrape, "pipeline_acknowledged_total", Map.of("pipeline", "metered", "outcome", "success")))
				.isEqualTo(90.0);
			assertThat(
					value(scrape, "pipeline_acknowledged_total", Map.of("pipeline", "metered", "outcome", "failure")))
				.isEqualTo(10.0);
			Map<String, String> batcher = Map.of("pipeline", "metered", "batcher", "store");
			double batches = value(scrape, "pipeline_batch_size_count", batcher);
			assertThat(batches).isBetween(9.0, 90.0);
			assertThat(value(scrape, "pipeline_batch_size_max", batcher)).isLessThanOrEqualTo(10.0);
			double flushes = 0;
			for (String reason : new String[] { "size", "bytes", "timeout", "flush", "drain" }) {
				flushes += value(scrape, "pipeline_batch_flushes_total", with(batcher, "reason", reason));
			}
			assertThat(flushes).isEqualTo(batches);
			assertThat(value(scrape, "pipeline_handler_seconds_count", worker)).isEqualTo(batches);
			assertThat(value(scrape, "pipeline_handler_seconds_count", processor)).isPositive();
			assertThat(value(scrape, "pipeline_in_flight", Map.of("pipeline", "metered"))).isZero();
			assertThat(value(scrape, "pipeline_source_connected", Map.of("pipeline", "metered"))).isEqualTo(1.0);
			assertThat(value(scrape, "pipeline_stage_queued",
					Map.of("pipeline", "metered", "stage", "producer", "batcher", "none")))
				.isZero();
			assertThat(value(scrape, "pipeline_stage_demand", processor)).isEqualTo(40.0);
			assertThat(value(scrape, "pipeline_rate_limit_remaining", Map.of("pipeline", "paced"))).isBetween(0.0,
					1000.0);
		}

	}

	static Map<String, String> with(Map<String, String> tags, String key, String value) {
		Map<String, String> more = new java.util.HashMap<>(tags);
		more.put(key, value);
		return more;
	}

	/**
	 * Reads one sample of a Prometheus text scrape.
	 * @param scrape the scrape
	 * @param name the sample's name
	 * @param tags the labels it must have (exactly these)
	 * @return its value
	 */
	static double value(Answer scrape, String name, Map<String, String> tags) {
		Optional<Double> found = Arrays.stream(scrape.body().split("\n"))
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> labels(line).equals(tags))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]))
			.findFirst();
		assertThat(found).as(name + tags + " in\n" + scrape.body()).isPresent();
		return found.get();
	}

	private static Map<String, String> labels(String line) {
		String inside = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
		Map<String, String> labels = new java.util.HashMap<>();
		for (String pair : inside.split(",")) {
			if (!pair.isBlank()) {
				int equals = pair.indexOf('=');
				labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 2, pair.length() - 1));
			}
		}
		return labels;
	}

}
