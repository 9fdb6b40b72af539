package dev.pipeline.sample;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code eventrelay} profile: readings published to an in-process EventRelay contract
 * server are pulled by the pipeline's EventRelay source and aggregated per sensor.
 */
@SpringBootTest(properties = "sample.report-interval=1h")
@ActiveProfiles("eventrelay")
class EventRelayProfileTests {

	@Autowired
	private SensorAggregates aggregates;

	@Autowired
	private PipelineRegistry registry;

	@Test
	void whenTheEventRelayProfileIsActiveThenReadingsArePulledFromTheContractServerAndAggregated() {
		Pipeline<?> pipeline = this.registry.find("sensors").orElseThrow();
		assertThat(pipeline.describeSource()).startsWith("eventrelay: ");
		Waits.await(30).until(() -> this.aggregates.snapshot().size() == 20 && this.aggregates.totalCount() > 500);
		assertThat(pipeline.stats().failed()).isZero();
		assertThat(pipeline.isConnected()).isTrue();
	}

}
