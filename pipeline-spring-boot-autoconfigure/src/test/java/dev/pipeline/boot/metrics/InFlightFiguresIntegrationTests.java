package dev.pipeline.boot.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.support.Figures;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the messages in flight are, under load, with the embedded generator source: the
 * processors' handler stops at message 25 until the test ends, so the figures settle with
 * messages in the producers' buffer, in the processors' hands and in an open batch (the
 * batch timeout is an hour). They add up to the pipeline's total, and the endpoint and
 * the Prometheus scrape show the same numbers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines,prometheus",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY,
				"pipeline.pipelines.figures.producer.generator.rate=0",
				"pipeline.pipelines.figures.processors.default.concurrency=2",
				"pipeline.pipelines.figures.processors.default.max-demand=10",
				"pipeline.pipelines.figures.batchers.store.batch-size=1000",
				"pipeline.pipelines.figures.batchers.store.batch-timeout=1h" })
class InFlightFiguresIntegrationTests {

	static final CountDownLatch release = new CountDownLatch(1);

	@LocalServerPort
	int port;

	@Test
	void whenTheHandlerHoldsMessagesThenTheStagesFiguresAddUpToTheTotalInTheEndpointAndTheScrape() {
		Http http = Http.localhost(this.port);
		AtomicReference<String> previous = new AtomicReference<>("");
		await().until(() -> {
			Figures figures = Figures.of(http, "figures");
			String settled = figures.settled();
			boolean same = settled.equals(previous.getAndSet(settled));
			return same && figures.stage("PROCESSOR", "inFlight") > 0 && figures.open("messages") > 0
					&& figures.buffered() > 0;
		});
		Figures figures = Figures.of(http, "figures");
		String scrape = http.get("/actuator/prometheus").body();
		assertThat(Figures.of(http, "figures").settled()).as("still settled").isEqualTo(figures.settled());
		assertThat(figures.sum()).as(figures.toString()).isEqualTo(figures.total());
		assertThat(figures.open("keys")).isEqualTo(1);
		assertThat(figures.broker()).as("the generator has no broker").isNull();
		assertThat(figures.stage("BATCHER", "inFlight")).isZero();
		Map<String, String> pipeline = Map.of("pipeline", "figures");
		Map<String, String> batcher = Map.of("pipeline", "figures", "batcher", "store");
		Map<String, String> processor = Map.of("pipeline", "figures", "stage", "processor", "batcher", "none");
		assertThat(Figures.sample(scrape, "pipeline_in_flight", pipeline)).isEqualTo(figures.total());
		assertThat(Figures.sample(scrape, "pipeline_source_buffered", pipeline)).isEqualTo(figures.buffered());
		assertThat(Figures.sample(scrape, "pipeline_stage_in_flight", processor))
			.isEqualTo(figures.stage("PROCESSOR", "inFlight"));
		assertThat(Figures.sample(scrape, "pipeline_stage_in_flight",
				Map.of("pipeline", "figures", "stage", "batcher", "batcher", "store")))
			.isZero();
		assertThat(Figures.sample(scrape, "pipeline_stage_queued",
				Map.of("pipeline", "figures", "stage", "batcher", "batcher", "store")))
			.isEqualTo(figures.stage("BATCHER", "queued"));
		assertThat(Figures.sample(scrape, "pipeline_batcher_open_messages", batcher))
			.isEqualTo(figures.open("messages"));
		assertThat(Figures.sample(scrape, "pipeline_batcher_open_keys", batcher)).isEqualTo(1.0);
		assertThat(Figures.sample(scrape, "pipeline_batcher_open_oldest_age_seconds", batcher)).isPositive();
		assertThat(Figures.sample(scrape, "pipeline_handler_seconds_count", processor))
			.as("one handler time per message the processors passed on")
			.isEqualTo(figures.stage("PROCESSOR", "out"));
	}

	@AfterAll
	static void releaseHandlers() {
		release.countDown();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HoldingHandler.class)
	static class GeneratorApplication {

	}

	@PipelineHandler("figures")
	static class HoldingHandler {

		@OnMessage
		Long handle(Long n) throws InterruptedException {
			if (n >= 25) {
				release.await();
			}
			return n;
		}

		@OnBatch("store")
		void store(List<Long> batch) {
		}

	}

}
