package dev.pipeline.boot.actuate;

import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.TestPipelinesApplication.Lifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelines' health over HTTP ({@code /actuator/health}), in a running application.
 */
@PipelinesApplicationTest
class PipelinesHealthIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Lifecycle lifecycle;

	@AfterEach
	void runAll() {
		this.lifecycle.runAll();
	}

	Http http() {
		return Http.localhost(this.port);
	}

	@Nested
	class Health {

		@Test
		void whenAllRunningThenEveryPipelineIsUp() {
			Answer answer = http().get("/actuator/health");
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.<String>read("$.components.pipelines.status")).isEqualTo("UP");
			assertThat(answer.<String>read("$.components.pipelines.components.orders.status")).isEqualTo("UP");
			assertThat(answer.<String>read("$.components.pipelines.components.orders.details.state"))
				.isEqualTo("RUNNING");
		}

		@Test
		void whenDrainedByOperatorThenOutOfServiceAnd503() {
			Answer drain = http().post("/actuator/pipelines/metered", "{\"action\":\"drain\"}");
			assertThat(drain.status()).isEqualTo(202);
			assertThat(http().get(drain.<String>read("$.href") + "?wait=10s").<String>read("$.state"))
				.isEqualTo("COMPLETED");
			Answer answer = http().get("/actuator/health");
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.<String>read("$.components.pipelines.components.metered.status"))
				.isEqualTo("OUT_OF_SERVICE");
			assertThat(http().get("/actuator/health/pipelines/orders").<String>read("$.status")).isEqualTo("UP");
		}

		@Test
		void whenPausedThenUpWithStatePaused() {
			assertThat(http().post("/actuator/pipelines/metered", "{\"action\":\"pause\"}").status()).isEqualTo(200);
			Answer answer = http().get("/actuator/health/pipelines/metered");
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.<String>read("$.status")).isEqualTo("UP");
			assertThat(answer.<String>read("$.details.state")).isEqualTo("PAUSED");
		}

	}

}
