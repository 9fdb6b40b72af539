package dev.pipeline.boot.actuate;

import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.TestPipelinesApplication;
import dev.pipeline.core.PipelineState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the endpoint exposed but its access left at the default ({@code read-only}),
 * actions are not available over HTTP.
 */
@SpringBootTest(classes = TestPipelinesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY })
class PipelinesEndpointAccessIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	PipelineRegistry registry;

	@Nested
	class DefaultAccess {

		@Test
		void whenAccessIsDefaultThenReadsWorkAndActionsAreNotMapped() {
			Http http = Http.localhost(PipelinesEndpointAccessIntegrationTests.this.port);
			assertThat(http.get("/actuator/pipelines").status()).isEqualTo(200);
			assertThat(http.post("/actuator/pipelines/orders", "{\"action\":\"pause\"}").status()).isIn(404, 405);
			assertThat(PipelinesEndpointAccessIntegrationTests.this.registry.find("orders").orElseThrow().state())
				.isEqualTo(PipelineState.RUNNING);
		}

	}

}
