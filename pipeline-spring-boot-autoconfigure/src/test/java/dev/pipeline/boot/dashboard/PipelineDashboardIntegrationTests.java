package dev.pipeline.boot.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.testbrokers.Chromium;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page in a headless Chromium, against an application whose pipelines flow
 * all the time: the graph of stages, live figures, and the pause and resume buttons. Also
 * saves a screenshot to {@code target/dashboard.png}.
 */
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.dashboard.enabled=true", "management.endpoints.web.exposure.include=pipelines",
				"management.endpoint.pipelines.access=unrestricted",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY })
class PipelineDashboardIntegrationTests {

	private static Chromium chromium;

	@LocalServerPort
	int port;

	@Autowired
	PipelineRegistry registry;

	@BeforeAll
	static void launch() {
		chromium = Chromium.launch(1440, 900);
	}

	@AfterAll
	static void close() {
		chromium.close();
	}

	@BeforeEach
	void open() {
		chromium.navigate("http://localhost:" + this.port + "/pipelines-dashboard");
		await().until(
				() -> chromium.evaluate("document.querySelectorAll('[data-pipeline=orders] [data-stage-kind]').length")
					.asInt() == 6);
	}

	@AfterEach
	void runAgain() {
		for (Pipeline<?> pipeline : this.registry.pipelines()) {
			await().until(() -> pipeline.state() != PipelineState.DRAINING);
			if (pipeline.state() == PipelineState.PAUSED) {
				pipeline.resume();
			}
			else if (pipeline.state() != PipelineState.RUNNING) {
				pipeline.start();
			}
		}
	}

	private static String text(String selector) {
		return chromium.evaluate("(document.querySelector(\"" + selector + "\") || {}).textContent || ''").asString();
	}

	@Nested
	class Graph {

		@Test
		void whenOpenedThenEveryStageIsANodeWithItsNameAndConcurrencyLeftToRight() {
			JsonNode nodes = chromium.evaluate("""
					Array.from(document.querySelectorAll('[data-pipeline=orders] [data-stage-kind]')).map((n) => {
					  const box = n.getBoundingClientRect();
					  return n.dataset.stageKind + ' ' + n.dataset.stageName + ' '
					      + n.querySelector('[data-field=workers]').textContent + ' @' + Math.round(box.left);
					})""");
			List<String> stages = nodes.valueStream().map(JsonNode::asString).toList();
			assertThat(stages).extracting((stage) -> stage.substring(0, stage.indexOf(" @")))
				.containsExactly("PRODUCER default ×1", "PROCESSOR default ×4", "BATCHER store ×1", "BATCHER audit ×1",
						"BATCH_WORKER store ×2", "BATCH_WORKER audit ×1");
			List<Integer> lefts = stages.stream()
				.map((stage) -> Integer.parseInt(stage.substring(stage.indexOf(" @") + 2)))
				.toList();
			assertThat(lefts.get(0)).isLessThan(lefts.get(1));
			assertThat(lefts.get(1)).isLessThan(lefts.get(2));
			assertThat(lefts.get(2)).isEqualTo(lefts.get(3)).isLessThan(lefts.get(4));
			assertThat(lefts.get(4)).isEqualTo(lefts.get(5));
			assertThat(text("[data-pipeline=orders] [data-field=state]")).isEqualTo("RUNNING");
			assertThat(text("[data-pipeline=orders] [data-field=source]")).startsWith("generator")
				.endsWith("connected");
			assertThat(text("[data-pipeline=sensors] [data-field=state]")).isEqualTo("RUNNING");
		}

		@Test
		void whenMessagesFlowThenFiguresOfEachStageChangeBetweenRefreshes() {
			String processor = "[data-pipeline=orders] [data-stage-kind=PROCESSOR]";
			await().untilAsserted(() -> assertThat(number(processor + " [data-field=rate]")).isPositive());
			await().untilAsserted(() -> assertThat(number("[data-pipeline=orders] [data-field=rate]")).isPositive());
			for (String stage : List.of("BATCHER][data-stage-name=store", "BATCH_WORKER][data-stage-name=store",
					"BATCH_WORKER][data-stage-name=audit")) {
				await().untilAsserted(() -> assertThat(
						number("[data-pipeline=orders] [data-stage-kind=" + stage + "] [data-field=rate]"))
					.isPositive());
			}
			String succeeded = text("[data-pipeline=orders] [data-field=succeeded]");
			await().until(() -> !text("[data-pipeline=orders] [data-field=succeeded]").equals(succeeded));
			await().untilAsserted(() -> assertThat(number(processor + " [data-field=failed]")).isPositive());
			assertThat(text(processor + " [data-field=extra]")).matches("p50 [0-9.,]+ · p99 [0-9.,]+ ms");
			chromium.screenshot(Path.of("target", "dashboard.png"));
			assertThat(Path.of("target", "dashboard.png")).isNotEmptyFile();
		}

		@Test
		void whenSeveralRefreshesHavePassedThenEachStageDrawsItsHistory() {
			String history = "[data-pipeline=orders] [data-stage-kind=PROCESSOR] [data-field=history]";
			await().until(
					() -> chromium.evaluate("+document.querySelector('" + history + "').dataset.points").asInt() >= 3);
			assertThat(chromium.evaluate("document.querySelector('" + history + " .spark-rate').getAttribute('points')")
				.asString()
				.split(" ")).hasSizeGreaterThanOrEqualTo(3);
			assertThat(text("[data-pipeline=orders] [data-stage-kind=BATCHER][data-stage-name=store] "
					+ "[data-field=open-batches]"))
				.isNotEmpty();
			assertThat(text("[data-pipeline=orders] [data-stage-kind=PROCESSOR] [data-field=in-flight]"))
				.matches("[0-9,]+");
		}

		@Test
		void whenABatchWorkerIsHeldThenThePageShowsTheEndpointsFiguresAndTheyAddUpToTheTotal() {
			Http http = Http.localhost(PipelineDashboardIntegrationTests.this.port);
			DashboardApplication.STORE_GATE.close();
			try {
				AtomicReference<Map<String, Object>> settled = new AtomicReference<>();
				AtomicReference<List<Object>> previous = new AtomicReference<>();
				await().pollInterval(Duration.ofMillis(500)).until(() -> {
					Map<String, Object> detail = http.get("/actuator/pipelines/orders").read("$");
					List<Object> figures = figures(detail);
					settled.set(detail);
					return figures.equals(previous.getAndSet(figures));
				});
				Map<String, Object> detail = settled.get();
				@SuppressWarnings("unchecked")
				List<Map<String, Object>> stages = (List<Map<String, Object>>) detail.get("stages");
				@SuppressWarnings("unchecked")
				Map<String, Object> summary = (Map<String, Object>) detail.get("summary");
				@SuppressWarnings("unchecked")
				Map<String, Object> source = (Map<String, Object>) detail.get("source");
				assertThat(source).as("the source's figures").isNotNull();
				long sum = count(source.get("buffered"));
				for (Map<String, Object> stage : stages) {
					if (!"PRODUCER".equals(stage.get("kind"))) {
						sum += count(stage.get("queued")) + count(stage.get("inFlight"));
					}
					if (stage.get("openBatches") instanceof Map<?, ?> open) {
						sum += count(open.get("messages"));
					}
				}
				long total = count(summary.get("inFlight"));
				assertThat(total).as("messages in flight while the store batches are held").isPositive();
				assertThat(sum).as("buffered + queued + in flight per stage + open batches").isEqualTo(total);
				String pipeline = "[data-pipeline=orders] ";
				await().untilAsserted(() -> {
					assertThat(number(pipeline + "[data-field=inFlight]")).isEqualTo(total);
					assertThat(number(pipeline + "[data-field=source-figures] [data-field=buffered]"))
						.isEqualTo(count(source.get("buffered")));
					for (Map<String, Object> stage : stages) {
						String node = pipeline + "[data-stage-kind=" + stage.get("kind") + "][data-stage-name="
								+ stage.get("name") + "] ";
						assertThat(number(node + "[data-field=in-flight]")).as("in flight of " + node)
							.isEqualTo(count(stage.get("inFlight")));
						if (stage.get("openBatches") instanceof Map<?, ?> open) {
							assertThat(number(node + "[data-field=queued]")).as("queued of " + node)
								.isEqualTo(count(stage.get("queued")));
							assertThat(text(node + "[data-field=open-batches]")).as("open batches of " + node)
								.startsWith(
										"open " + format(open.get("messages")) + " msg · " + format(open.get("keys"))
												+ ((count(open.get("keys")) == 1) ? " key" : " keys"));
						}
					}
				});
			}
			finally {
				DashboardApplication.STORE_GATE.open();
			}
		}

		private static List<Object> figures(Map<String, Object> detail) {
			List<Object> figures = new ArrayList<>();
			figures.add(((Map<?, ?>) detail.get("summary")).get("inFlight"));
			figures.add(((Map<?, ?>) detail.get("source")).get("buffered"));
			for (Object stage : (List<?>) detail.get("stages")) {
				Map<?, ?> figuresOfStage = (Map<?, ?>) stage;
				figures.add(figuresOfStage.get("inFlight"));
				figures.add(figuresOfStage.get("queued"));
				if (figuresOfStage.get("openBatches") instanceof Map<?, ?> open) {
					figures.add(open.get("messages"));
					figures.add(open.get("keys"));
				}
			}
			return figures;
		}

		private static long count(@Nullable Object value) {
			return (value != null) ? ((Number) value).longValue() : 0;
		}

		private static String format(@Nullable Object value) {
			return String.format(Locale.US, "%,d", count(value));
		}

		@Test
		void whenTheEndpointDescribesTheSourceAndOpenBatchesThenThePageShowsThem() {
			Map<String, Object> detail = Http.localhost(PipelineDashboardIntegrationTests.this.port)
				.get("/actuator/pipelines/orders")
				.read("$");
			assertThat(detail.get("source")).as("the source's figures").isNotNull();
			String store = "[data-pipeline=orders] [data-stage-kind=BATCHER][data-stage-name=store] ";
			await().until(() -> !text(store + "[data-field=open-batches]").isEmpty());
			assertThat(text(store + "[data-field=open-batches]"))
				.matches("open [0-9,]+ msg · [0-9,]+ keys?( · oldest .*)?");
			assertThat(chromium
				.evaluate("document.querySelector('[data-pipeline=orders] [data-field=source-figures]').hidden")
				.asBoolean()).isFalse();
			assertThat(text("[data-pipeline=orders] [data-field=source-figures] [data-field=buffered]"))
				.matches("[0-9,]+");
		}

		private double number(String selector) {
			String value = text(selector).replace(",", "");
			return value.isEmpty() || value.equals("–") ? 0 : Double.parseDouble(value);
		}

	}

	@Nested
	class Actions {

		@Test
		void whenPauseClickedThenPageAndEndpointShowPausedAndResumeRunsAgain() {
			Http http = Http.localhost(PipelineDashboardIntegrationTests.this.port);
			click("pause");
			await().until(() -> text("[data-pipeline=orders] [data-field=state]").equals("PAUSED"));
			assertThat(text("[data-pipeline=orders] [data-field=answer]")).isEqualTo("pause: 200 → PAUSED");
			assertThat(http.get("/actuator/pipelines/orders").<String>read("$.summary.state")).isEqualTo("PAUSED");
			assertThat(disabled("pause")).isTrue();
			assertThat(disabled("resume")).isFalse();
			click("resume");
			await().until(() -> text("[data-pipeline=orders] [data-field=state]").equals("RUNNING"));
			assertThat(text("[data-pipeline=orders] [data-field=answer]")).isEqualTo("resume: 200 → RUNNING");
			assertThat(http.get("/actuator/pipelines/orders").<String>read("$.summary.state")).isEqualTo("RUNNING");
		}

		@Test
		void whenEndpointRefusesActionThenItsErrorIsShown() {
			chromium.evaluate("document.querySelector('[data-pipeline=orders] [data-action=start]').disabled = false");
			click("start");
			await().until(() -> text("[data-pipeline=orders] [data-field=answer]").startsWith("start: 409"));
			assertThat(text("[data-pipeline=orders] [data-field=answer]"))
				.isEqualTo("start: 409 conflict: Pipeline 'orders' is already RUNNING");
		}

		@Test
		void whenDrainClickedThenItsProgressIsFollowedUntilCompletedAndStartRunsAgain() {
			chromium.evaluate("window.confirm = () => true");
			chromium.evaluate("document.querySelector('[data-pipeline=sensors] [data-action=drain]').click()");
			await().until(() -> text("[data-pipeline=sensors] [data-field=operation-state]").equals("COMPLETED"));
			assertThat(text("[data-pipeline=sensors] [data-field=operation-result]")).startsWith("drained in ")
				.endsWith(" released → STOPPED");
			assertThat(text("[data-pipeline=sensors] [data-field=answer]")).matches("drain: 202 → operation \\d+");
			await().until(() -> text("[data-pipeline=sensors] [data-field=state]").equals("STOPPED"));
			chromium.evaluate("document.querySelector('[data-pipeline=sensors] [data-action=start]').click()");
			await().until(() -> text("[data-pipeline=sensors] [data-field=state]").equals("RUNNING"));
		}

		@Test
		void whenRestartFormHasAnUnknownKeyThenThe400NamesItAndItsRowIsMarked() {
			chromium.evaluate("window.confirm = () => true");
			fill("orders", 0, "batchers.nope.batch-size", "5");
			chromium.evaluate("document.querySelector('[data-pipeline=orders] [data-submit=restart]').click()");
			await().until(() -> text("[data-pipeline=orders] [data-field=answer]").startsWith("restart: 400"));
			assertThat(text("[data-pipeline=orders] [data-field=answer]")).isEqualTo("restart: 400 invalid-overrides: "
					+ "Unknown batcher 'nope' in 'orders.batchers': the pipeline has [store, audit]. "
					+ "Name one of the pipeline's batchers; a restart cannot add a batcher. (keys: batchers.nope.batch-size)");
			assertThat(chromium
				.evaluate("document.querySelectorAll('[data-pipeline=orders] .restart-form .row.bad').length")
				.asInt()).isEqualTo(1);
			assertThat(PipelineDashboardIntegrationTests.this.registry.find("orders").orElseThrow().state())
				.isEqualTo(PipelineState.RUNNING);
		}

		@Test
		void whenRateLimitIsAppliedThenTheEndpointAndThePageShowIt() {
			String form = "[data-pipeline=sensors] [data-form=rate-limit]";
			await().until(() -> text(form + " [data-field=rate-limit]").startsWith("now 1,000 per 1s"));
			chromium.evaluate("(() => { const f = document.querySelector('" + form + "');"
					+ " f.querySelector('[name=allowedMessages]').value = '800';"
					+ " f.querySelector('[name=interval]').value = '2s';"
					+ " f.querySelector('[data-submit=rate-limit]').click(); })()");
			await().until(() -> text("[data-pipeline=sensors] [data-field=answer]").startsWith("rate-limit: 200"));
			await().until(() -> text(form + " [data-field=rate-limit]").startsWith("now 800 per 2s"));
			assertThat(Http.localhost(PipelineDashboardIntegrationTests.this.port)
				.get("/actuator/pipelines/sensors")
				.<Integer>read("$.rateLimit.allowedMessages")).isEqualTo(800);
		}

		private void fill(String pipeline, int row, String key, String value) {
			chromium.evaluate("(() => { const row = document.querySelectorAll('[data-pipeline=" + pipeline
					+ "] .restart-form .row')[" + row + "]; row.querySelector('[name=key]').value = '" + key
					+ "'; row.querySelector('[name=value]').value = '" + value + "'; })()");
		}

		private void click(String action) {
			chromium.evaluate("document.querySelector('[data-pipeline=orders] [data-action=" + action + "]').click()");
		}

		private boolean disabled(String action) {
			return chromium
				.evaluate("document.querySelector('[data-pipeline=orders] [data-action=" + action + "]').disabled")
				.asBoolean();
		}

	}

}
