package dev.pipeline.boot.actuate;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link PipelinesHealthIndicator} maps a pipeline's state and connection to a health
 * status.
 */
class PipelinesHealthIndicatorTests {

	final SwitchableSource source = new SwitchableSource();

	final Pipeline<String> pipeline = Pipeline.create(Pipeline.<String>builder("sensors")
		.source(this.source)
		.processors((p) -> p.concurrency(1))
		.onMessage((m) -> m)
		.build());

	final PipelinesHealthIndicator indicator = new PipelinesHealthIndicator(SimplePipelineRegistry.of(this.pipeline));

	@AfterEach
	void drain() {
		this.pipeline.drain();
	}

	Health health() {
		return ((HealthIndicator) this.indicator.getContributor("sensors")).health();
	}

	@Nested
	class Components {

		@Test
		void whenListedThenOneComponentPerPipeline() {
			assertThat(PipelinesHealthIndicatorTests.this.indicator.stream().map(HealthContributors.Entry::name))
				.containsExactly("sensors");
			assertThat(PipelinesHealthIndicatorTests.this.indicator.getContributor("nope")).isNull();
		}

	}

	@Nested
	class Statuses {

		@Test
		void whenRunningAndConnectedThenUp() {
			PipelinesHealthIndicatorTests.this.pipeline.start();
			Health health = health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("state", dev.pipeline.core.PipelineState.RUNNING)
				.containsEntry("connected", true)
				.containsEntry("source", "switchable")
				.containsKeys("inFlight", "succeeded", "failed");
		}

		@Test
		void whenSourceDisconnectedThenDown() {
			PipelinesHealthIndicatorTests.this.pipeline.start();
			PipelinesHealthIndicatorTests.this.source.connected.set(false);
			assertThat(health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(health().getDetails()).containsEntry("connected", false);
			PipelinesHealthIndicatorTests.this.source.connected.set(true);
			assertThat(health().getStatus()).isEqualTo(Status.UP);
		}

		@Test
		void whenPausedThenUpWithStatePaused() {
			PipelinesHealthIndicatorTests.this.pipeline.start();
			PipelinesHealthIndicatorTests.this.pipeline.pause();
			assertThat(health().getStatus()).isEqualTo(Status.UP);
			assertThat(health().getDetails()).containsEntry("state", dev.pipeline.core.PipelineState.PAUSED);
		}

		@Test
		void whenDrainedThenOutOfService() {
			PipelinesHealthIndicatorTests.this.pipeline.start();
			PipelinesHealthIndicatorTests.this.pipeline.drain();
			assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		}

		@Test
		void whenNeverStartedThenOutOfService() {
			assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		}

		@Test
		void whenSourceCannotStartThenFailedIsDown() {
			PipelinesHealthIndicatorTests.this.source.failStart.set(true);
			assertThatIllegalStateException().isThrownBy(PipelinesHealthIndicatorTests.this.pipeline::start);
			assertThat(health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(health().getDetails()).containsEntry("state", dev.pipeline.core.PipelineState.FAILED);
		}

	}

	static final class SwitchableSource implements Source<String> {

		final AtomicBoolean connected = new AtomicBoolean(true);

		final AtomicBoolean failStart = new AtomicBoolean();

		@Override
		public void start(Emitter<String> emitter) {
			if (this.failStart.get()) {
				throw new IllegalStateException("Broker refused the connection");
			}
		}

		@Override
		public void request(int count) {
		}

		@Override
		public String describe() {
			return "switchable";
		}

		@Override
		public boolean isConnected() {
			return this.connected.get();
		}

	}

}
