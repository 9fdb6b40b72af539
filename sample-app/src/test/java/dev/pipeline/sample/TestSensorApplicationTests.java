package dev.pipeline.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link TestSensorApplication} without and with a Docker engine.
 */
class TestSensorApplicationTests {

	@Test
	void whenNoDockerEngineAnswersThenTheRunStopsNamingDockerAndTheEmbeddedDefault() {
		assertThatIllegalStateException().isThrownBy(() -> TestSensorApplication.requireDocker(() -> false))
			.withMessage("No Docker engine answered: TestSensorApplication runs the sample's broker in a"
					+ " Testcontainers container, which needs Docker. Start Docker, or run the embedded default, which"
					+ " needs no broker: mvn -pl sample-app -am spring-boot:run");
	}

	@Test
	void whenADockerEngineAnswersThenTheRunGoesOn() {
		assertThatNoException().isThrownBy(() -> TestSensorApplication.requireDocker(() -> true));
	}

}
