package dev.pipeline.boot.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.pipeline.testbrokers.Chromium;
import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard when Actuator has a port of its own: the management server serves the
 * page next to the endpoint it calls, and the application's port redirects there.
 */
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pipeline.dashboard.enabled=true", "management.server.port=0",
				"management.endpoints.web.exposure.include=pipelines",
				"management.endpoint.pipelines.access=unrestricted",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY })
class PipelineDashboardManagementPortIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void whenManagementHasItsOwnPortThenTheManagementServerServesThePageAndTheAppPortRedirects()
			throws IOException, InterruptedException {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		Answer page = Http.localhost(this.managementPort).get("/pipelines-dashboard");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("data-endpoint=\"/actuator/pipelines\"").contains("data-writable=\"true\"");
		assertThat(Http.localhost(this.managementPort).get("/pipelines-dashboard/dashboard.js").status())
			.isEqualTo(200);
		HttpResponse<Void> redirect = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/pipelines-dashboard")).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(redirect.statusCode()).isEqualTo(307);
		assertThat(redirect.headers().firstValue("Location"))
			.hasValue("http://localhost:" + this.managementPort + "/pipelines-dashboard");
	}

	@Test
	void whenOpenedOnTheApplicationPortThenThePageReadsTheEndpointOnTheManagementPort() {
		try (Chromium chromium = Chromium.launch(1280, 800)) {
			chromium.navigate("http://localhost:" + this.port + "/pipelines-dashboard");
			await().until(() -> chromium
				.evaluate(
						"(document.querySelector('[data-pipeline=orders] [data-field=state]') || {}).textContent || ''")
				.asString()
				.equals("RUNNING"));
			assertThat(chromium.evaluate("location.port").asString()).isEqualTo(String.valueOf(this.managementPort));
			assertThat(chromium.evaluate("document.getElementById('banner').hidden").asBoolean()).isTrue();
		}
	}

}
