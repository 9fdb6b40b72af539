package dev.pipeline.docs.readme;

import java.util.function.LongFunction;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The README's example application: its YAML ({@code readme.yml}), its payload bean and
 * its handler ({@link SensorPipeline}).
 */
@SpringBootApplication
class ReadmeApplication {

	@Bean
	LongFunction<Reading> readings() {
		return (n) -> new Reading("sensor-" + (n % 10), n % 100);
	}

}
