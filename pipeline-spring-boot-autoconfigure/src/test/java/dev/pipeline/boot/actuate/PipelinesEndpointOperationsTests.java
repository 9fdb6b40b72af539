package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.boot.actuate.OperationDescriptor.State;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.source.InMemorySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations of the {@code pipelines} endpoint without a web server: a restart that fails
 * after it started, the 409 while it runs, and how many operations are kept.
 */
class PipelinesEndpointOperationsTests {

	private final CountDownLatch gate = new CountDownLatch(1);

	private Pipeline<String> orders;

	private PipelinesEndpoint endpoint;

	@BeforeEach
	void start() {
		this.orders = Pipeline.create(Pipeline.<String>builder("orders")
			.source(new InMemorySource<String>("in-memory: orders"))
			.onMessage((message) -> message)
			.shutdownTimeout(Duration.ofSeconds(5))
			.build());
		this.orders.start();
		SimplePipelineRegistry pipelines = SimplePipelineRegistry.of(this.orders);
		PipelineRegistry registry = new PipelineRegistry() {

			@Override
			public List<Pipeline<?>> pipelines() {
				return pipelines.pipelines();
			}

			@Override
			public Optional<Pipeline<?>> find(String name) {
				return pipelines.find(name);
			}

			@Override
			public DrainResult restart(String name, Map<String, Object> overrides) {
				return prepareRestart(name, overrides).run();
			}

			@Override
			public PreparedRestart prepareRestart(String name, Map<String, Object> overrides) {
				return () -> {
					awaitGate();
					throw PipelineConfigurationException.of(name, List.of("producer.concurrency"),
							"The new settings of pipeline 'orders' could not start.", "Restart with the old ones.");
				};
			}

		};
		this.endpoint = new PipelinesEndpoint(registry, new HandlerStatistics(), new ThroughputTracker(registry));
	}

	@AfterEach
	void drain() {
		this.gate.countDown();
		this.orders.drain();
	}

	@Test
	void whenARestartFailsAfterItStartedThenItsOperationIsFailedWithTheKeysNamedAndOthersWereRefusedMeanwhile() {
		PipelineActions.Outcome accepted = this.endpoint.perform("orders", "restart", "{}", null, null);
		assertThat(accepted.status()).isEqualTo(PipelineActions.ACCEPTED);
		OperationDescriptor started = (OperationDescriptor) accepted.body();
		assertThat(started.state()).isEqualTo(State.IN_PROGRESS);
		assertThat(started.finishedAt()).isNull();
		assertThat(this.endpoint.operation("orders", started.id(), "20ms").state()).isEqualTo(State.IN_PROGRESS);

		PipelineActions.Outcome refused = this.endpoint.perform("orders", "pause", null, null, null);
		assertThat(refused.status()).isEqualTo(PipelineActions.CONFLICT);
		assertThat(refused.error()).isNotNull();
		assertThat(refused.error().error()).isEqualTo("operation-in-progress");
		assertThat(refused.error().reasons().get(0))
			.startsWith("Pipeline 'orders' has operation " + started.id() + " (restart) in progress since ");
		assertThat(this.orders.state()).isEqualTo(PipelineState.RUNNING);

		this.gate.countDown();
		OperationDescriptor failed = this.endpoint.operation("orders", started.id(), "10s");
		assertThat(failed.state()).isEqualTo(State.FAILED);
		assertThat(failed.finishedAt()).isNotNull();
		assertThat(failed.result()).isNull();
		assertThat(failed.error()).isEqualTo(new ErrorDescriptor("orders", "invalid-overrides",
				List.of("The new settings of pipeline 'orders' could not start."), "Restart with the old ones.",
				List.of("producer.concurrency")));
		assertThat(this.endpoint.perform("orders", "pause", null, null, null).status()).isEqualTo(PipelineActions.OK);
	}

	@Test
	void whenMoreOperationsThanAreKeptRanThenTheOldestIsNoLongerFound() {
		this.orders.drain();
		String first = null;
		for (int i = 0; i <= PipelineOperations.KEPT; i++) {
			OperationDescriptor drain = (OperationDescriptor) this.endpoint.perform("orders", "DRAIN", null, null, null)
				.body();
			assertThat(this.endpoint.operation("orders", drain.id(), "10s").state()).isEqualTo(State.COMPLETED);
			first = (first != null) ? first : drain.id();
		}
		PipelineActions.Outcome gone = this.endpoint.readOperation("orders", first, null);
		assertThat(gone.status()).isEqualTo(PipelineActions.NOT_FOUND);
		assertThat(gone.error().reasons()).containsExactly("No operation '" + first + "' on pipeline 'orders'.");
	}

	private void awaitGate() {
		try {
			this.gate.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
