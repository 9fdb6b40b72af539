package dev.pipeline.boot.dashboard;

import dev.pipeline.testbrokers.Chromium;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard at a configured path, with Actuator at a configured base path and the
 * {@code pipelines} endpoint at its default, read-only access.
 */
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.dashboard.enabled=true", "pipeline.dashboard.path=/ops/pipelines",
				"management.endpoints.web.base-path=/manage", "management.endpoints.web.exposure.include=pipelines",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY })
class PipelineDashboardReadOnlyIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void whenPathAndBasePathAreConfiguredThenPageIsServedThereAndReadsTheEndpointThere() {
		Http http = Http.localhost(this.port);
		Answer page = http.get("/ops/pipelines");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("data-endpoint=\"/manage/pipelines\"")
			.contains("data-writable=\"false\"")
			.contains("data-refresh=\"1000\"")
			.contains("src=\"/ops/pipelines/dashboard.js\"");
		assertThat(http.get("/ops/pipelines/dashboard.js").status()).isEqualTo(200);
		assertThat(http.get("/ops/pipelines/dashboard.css").status()).isEqualTo(200);
		assertThat(http.get("/pipelines-dashboard").status()).isEqualTo(404);
	}

	@Test
	void whenEndpointIsReadOnlyThenButtonsAreDisabledWithAHintHowToEnableThem() {
		try (Chromium chromium = Chromium.launch(1280, 800)) {
			chromium.navigate("http://localhost:" + this.port + "/ops/pipelines");
			await().until(
					() -> chromium.evaluate("document.querySelectorAll('[data-pipeline=orders] [data-action]').length")
						.asInt() == 5);
			await().until(() -> chromium
				.evaluate("document.querySelector('[data-pipeline=orders] [data-field=state]').textContent")
				.asString()
				.equals("RUNNING"));
			assertThat(
					chromium.evaluate("Array.from(document.querySelectorAll('[data-action]')).every((b) => b.disabled)")
						.asBoolean())
				.isTrue();
			assertThat(chromium.evaluate(
					"Array.from(document.querySelectorAll('[data-pipeline=orders] form button')).every((b) => b.disabled)")
				.asBoolean()).as("the restart and rate-limit forms").isTrue();
			assertThat(chromium.evaluate("document.querySelector('[data-action=pause]').title").asString())
				.contains("management.endpoint.pipelines.access=unrestricted");
			assertThat(chromium.evaluate("document.getElementById('readonly').hidden").asBoolean()).isFalse();
			assertThat(chromium.evaluate("document.getElementById('readonly').textContent").asString())
				.contains("management.endpoint.pipelines.access=unrestricted");
		}
	}

}
