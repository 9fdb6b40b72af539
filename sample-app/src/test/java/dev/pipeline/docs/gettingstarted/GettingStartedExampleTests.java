package dev.pipeline.docs.gettingstarted;

import java.time.Duration;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.PipelineStats;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application of docs/getting-started.md runs as written: the generator's readings
 * reach the batcher and none fails, and the orders pipeline runs on its source bean.
 */
@SpringBootTest(properties = "spring.config.name=getting-started")
@DirtiesContext
class GettingStartedExampleTests {

	@Autowired
	private PipelineRegistry registry;

	@Test
	void whenTheExampleRunsThenEveryReadingSucceeds() {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats("sensors").succeeded() >= 500);
		assertThat(stats("sensors").failed()).as("failed readings").isZero();
		assertThat(stats("orders").state()).isEqualTo(PipelineState.RUNNING);
	}

	private PipelineStats stats(String pipeline) {
		return this.registry.find(pipeline).orElseThrow().stats();
	}

}
