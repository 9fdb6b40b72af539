package dev.pipeline.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.testcontainers.DockerClientFactory;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample against a broker in a Testcontainers container, Spring Boot's
 * development-time services: {@code mvn -pl sample-app -am spring-boot:test-run} runs it
 * with RabbitMQ (profile {@code rabbitmq}, the default here), and
 * {@code -Dspring-boot.run.profiles=kafka} with Kafka. {@link ContainersConfiguration}
 * declares the containers; Docker Compose is switched off, the containers replace it.
 *
 * <p>
 * It needs a Docker engine. Without one it stops at once, naming Docker and the embedded
 * default, which needs no broker: {@code mvn -pl sample-app -am spring-boot:run}.
 */
public final class TestSensorApplication {

	private TestSensorApplication() {
	}

	public static void main(String[] args) {
		requireDocker(() -> DockerClientFactory.instance().isDockerAvailable());
		List<String> arguments = new ArrayList<>(
				List.of("--spring.profiles.default=rabbitmq", "--spring.docker.compose.enabled=false"));
		arguments.addAll(Arrays.asList(args));
		SpringApplication.from(SensorApplication::main)
			.with(ContainersConfiguration.class)
			.run(arguments.toArray(String[]::new));
	}

	/**
	 * Stops the run when no Docker engine answers.
	 * @param docker whether a Docker engine answers
	 * @throws IllegalStateException if none does, naming Docker and the embedded default
	 */
	static void requireDocker(BooleanSupplier docker) {
		if (!docker.getAsBoolean()) {
			throw new IllegalStateException("No Docker engine answered: TestSensorApplication runs the sample's broker"
					+ " in a Testcontainers container, which needs Docker. Start Docker, or run the embedded default,"
					+ " which needs no broker: mvn -pl sample-app -am spring-boot:run");
		}
	}

}
