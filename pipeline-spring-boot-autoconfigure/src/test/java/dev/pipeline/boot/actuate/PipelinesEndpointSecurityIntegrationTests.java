package dev.pipeline.boot.actuate;

import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.TestPipelinesApplication;
import dev.pipeline.boot.support.TestPipelinesApplication.Lifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default security of the {@code pipelines} endpoint with Spring Security on: reads
 * need an authenticated user, actions need role {@code PIPELINE_ADMIN}.
 */
@SpringBootTest(classes = { TestPipelinesApplication.class, PipelinesEndpointSecurityIntegrationTests.Users.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines,health",
				"management.endpoint.pipelines.access=unrestricted" })
class PipelinesEndpointSecurityIntegrationTests {

	static final String PAUSE = "{\"action\":\"pause\"}";

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
	class Writes {

		@Test
		void whenNoCredentialsThen401AndPipelineUntouched() {
			assertThat(http().post("/actuator/pipelines/orders", PAUSE).status()).isEqualTo(401);
			assertThat(http().withBasicAuth("admin", "secret")
				.get("/actuator/pipelines/orders")
				.<String>read("$.summary.state")).isEqualTo("RUNNING");
		}

		@Test
		void whenWrongPasswordThen401() {
			assertThat(http().withBasicAuth("admin", "wrong").post("/actuator/pipelines/orders", PAUSE).status())
				.isEqualTo(401);
		}

		@Test
		void whenAuthenticatedWithoutWriteRoleThen403() {
			assertThat(http().withBasicAuth("viewer", "secret").post("/actuator/pipelines/orders", PAUSE).status())
				.isEqualTo(403);
		}

		@Test
		void whenAuthenticatedWithWriteRoleThenActionIsCarriedOut() {
			Http.Answer answer = http().withBasicAuth("admin", "secret").post("/actuator/pipelines/orders", PAUSE);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.<String>read("$.state")).isEqualTo("PAUSED");
		}

	}

	@Nested
	class Reads {

		@Test
		void whenNoCredentialsThen401() {
			assertThat(http().get("/actuator/pipelines").status()).isEqualTo(401);
		}

		@Test
		void whenAuthenticatedWithoutWriteRoleThenReadsAreAllowed() {
			assertThat(http().withBasicAuth("viewer", "secret").get("/actuator/pipelines").status()).isEqualTo(200);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Users {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("admin").password("{noop}secret").roles("PIPELINE_ADMIN").build(),
					User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build());
		}

	}

}
