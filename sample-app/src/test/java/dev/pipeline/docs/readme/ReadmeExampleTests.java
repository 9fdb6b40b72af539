package dev.pipeline.docs.readme;

import java.time.Duration;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.PipelineStats;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example runs as written: the generator's readings reach the batcher, and
 * none fails.
 */
@SpringBootTest(properties = "spring.config.name=readme")
@DirtiesContext
class ReadmeExampleTests {

	@Autowired
	private PipelineRegistry registry;

	@Test
	void whenTheExampleRunsThenEveryReadingSucceeds() {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats().succeeded() >= 500);
		assertThat(stats().failed()).as("failed readings").isZero();
	}

	private PipelineStats stats() {
		return this.registry.find("sensors").orElseThrow().stats();
	}

}
