package dev.pipeline.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pipeline.testbrokers.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's dashboard in a headless Chromium, on the embedded default under load (the
 * generator at 2,000 readings per second): the stage graph with what each stage holds and
 * a minute of history, then a restart with overrides through the page's form, followed
 * until it completed, and the new settings shown in the page afterwards. Saves the page
 * to {@code target/dashboard.png} (the picture in the README and docs/operations.md). Its
 * own context: the restart resets the totals other tests read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=1",
				"spring.kafka.bootstrap-servers=127.0.0.1:1", "sample.report-interval=2h" })
@DirtiesContext
class EmbeddedDashboardTests {

	private static final String SENSORS = "[data-pipeline=sensors]";

	private static Chromium chromium;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void launch() {
		chromium = Chromium.launch(1440, 900);
	}

	@AfterAll
	static void close() {
		chromium.close();
	}

	@Test
	void whenTheSampleRunsThenTheDashboardShowsItsStagesAndARestartThroughTheFormChangesItsSettings() {
		chromium.navigate("http://localhost:" + this.port + "/pipelines-dashboard");
		Waits.await(30)
			.until(() -> chromium.evaluate("document.querySelectorAll('" + SENSORS + " [data-stage-kind]').length")
				.asInt() == 4);
		assertThat(chromium
			.evaluate("Array.from(document.querySelectorAll('" + SENSORS + " [data-stage-kind]'))"
					+ ".map((n) => n.dataset.stageKind + ' ' + n.dataset.stageName).join(', ')")
			.asString()).isEqualTo("PRODUCER default, PROCESSOR default, BATCHER per-sensor, BATCH_WORKER per-sensor");
		assertThat(text(SENSORS + " [data-field=state]")).isEqualTo("RUNNING");
		for (String stage : new String[] { "PRODUCER", "PROCESSOR", "BATCHER", "BATCH_WORKER" }) {
			assertThat(text(SENSORS + " [data-stage-kind=" + stage + "] [data-field=in-flight]")).as(stage)
				.matches("[0-9,]+");
		}
		Waits.await(30).until(() -> number(SENSORS + " [data-stage-kind=PROCESSOR] [data-field=rate]") > 0);
		Waits.await(30).until(() -> points(SENSORS + " [data-stage-kind=PROCESSOR] [data-field=history]") >= 3);
		assertThat(value("producer.generator.rate")).isEqualTo("2000");
		assertThat(value("batchers.per-sensor.batch-size")).isEqualTo("100");

		chromium.evaluate("window.confirm = () => true");
		chromium.evaluate("window.seen = []; new MutationObserver(() => {" + " const op = document.querySelector('"
				+ SENSORS + " [data-field=operation]');"
				+ " if (op && op.dataset.state && window.seen[window.seen.length - 1] !== op.dataset.state)"
				+ " { window.seen.push(op.dataset.state); } })"
				+ ".observe(document.body, { subtree: true, childList: true, attributes: true })");
		fill(0, "producer.generator.rate", "500");
		chromium.evaluate("document.querySelector('" + SENSORS + " .restart-form .form-buttons button').click()");
		fill(1, "batchers.per-sensor.batch-size", "50");
		chromium.evaluate("document.querySelector('" + SENSORS + " [data-submit=restart]').click()");

		Waits.await(30).until(() -> text(SENSORS + " [data-field=operation-state]").equals("COMPLETED"));
		assertThat(text(SENSORS + " [data-field=answer]")).matches("restart: 202 → operation \\d+");
		assertThat(chromium.evaluate("window.seen.join(' ')").asString()).endsWith("COMPLETED");
		assertThat(text(SENSORS + " [data-field=operation-result]")).startsWith("drained in ")
			.endsWith(" released → RUNNING with the new configuration");
		Waits.await(30).until(() -> value("producer.generator.rate").equals("500"));
		assertThat(value("batchers.per-sensor.batch-size")).isEqualTo("50");
		Waits.await(30).until(() -> text(SENSORS + " [data-field=state]").equals("RUNNING"));
		Waits.await(30)
			.until(() -> number(SENSORS + " [data-field=rate]") > 0
					&& number(SENSORS + " [data-stage-kind=BATCH_WORKER] [data-field=rate]") > 0);
		chromium.evaluate("document.querySelector('" + SENSORS + " [data-field=configuration]').open = true");

		Path screenshot = Path.of("target", "dashboard.png");
		chromium.screenshot(screenshot);
		assertThat(screenshot).isNotEmptyFile();
		assertThat(Files.exists(screenshot)).isTrue();
	}

	private static void fill(int row, String key, String value) {
		chromium.evaluate("(() => { const row = document.querySelectorAll('" + SENSORS + " .restart-form .row')[" + row
				+ "]; const key = row.querySelector('[name=key]'); key.value = '" + key
				+ "'; key.dispatchEvent(new Event('change')); row.querySelector('[name=value]').value = '" + value
				+ "'; })()");
	}

	private static String value(String key) {
		return text(SENSORS + " [data-config-key='" + key + "'] [data-field=value]");
	}

	private static int points(String selector) {
		return chromium
			.evaluate("+((document.querySelector('" + selector + "') || { dataset: {} }).dataset.points || 0)")
			.asInt();
	}

	private static double number(String selector) {
		String value = text(selector).replace(",", "");
		return (value.isEmpty() || value.equals("–")) ? 0 : Double.parseDouble(value);
	}

	private static String text(String selector) {
		return chromium.evaluate("(document.querySelector(\"" + selector + "\") || {}).textContent || ''").asString();
	}

}
