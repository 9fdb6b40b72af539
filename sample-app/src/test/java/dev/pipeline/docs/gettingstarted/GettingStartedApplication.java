package dev.pipeline.docs.gettingstarted;

import java.util.function.LongFunction;

import dev.pipeline.core.source.InMemorySource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application of docs/getting-started.md: its YAML ({@code getting-started.yml}), its
 * payload bean, its handler ({@link SensorPipeline}), and the custom source of its orders
 * pipeline.
 */
@SpringBootApplication
class GettingStartedApplication {

	@Bean
	LongFunction<Reading> sensorSimulator() {
		return (n) -> new Reading("sensor-" + (n % 20), 10 + (n % 5));
	}

	@Bean
	InMemorySource<String> ordersSource() {
		return new InMemorySource<>("orders");
	}

}
