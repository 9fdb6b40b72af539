package dev.pipeline.boot.metrics;

import java.util.List;

import dev.pipeline.boot.actuate.SimplePipelineRegistry;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.Source;
import dev.pipeline.core.SourceBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's gauges follow what the source reports: they appear with its first report,
 * show its latest figures, and a partition's gauge goes when the partition does.
 */
class SourceBacklogGaugesTests {

	private final ReportingSource source = new ReportingSource();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Pipeline<Object> pipeline = Pipeline
		.create(Pipeline.<Object>builder("reported").source(this.source).onMessage((message) -> message).build());

	@AfterEach
	void drain() {
		this.pipeline.drain();
	}

	@Test
	void whenTheSourceReportsAQueueThenItsDepthAndUnacknowledgedAreGauged() {
		new PipelineMeterBinder(SimplePipelineRegistry.of(this.pipeline), null).bindTo(this.registry);
		this.pipeline.start();
		assertThat(buffered()).isZero();
		assertThat(this.registry.find("pipeline.source.queue.depth").gauge()).as("before a report").isNull();
		this.source.backlog = new SourceBacklog.Queue("orders", 120, 30);
		buffered();
		assertThat(this.registry.get("pipeline.source.queue.depth").tag("queue", "orders").gauge().value())
			.isEqualTo(120);
		assertThat(this.registry.get("pipeline.source.unacknowledged").gauge().value()).isEqualTo(30);
		this.source.backlog = new SourceBacklog.Queue("orders", 80, 50);
		assertThat(this.registry.get("pipeline.source.queue.depth").gauge().value()).isEqualTo(80);
		assertThat(this.registry.get("pipeline.source.unacknowledged").gauge().value()).isEqualTo(50);
	}

	@Test
	void whenAPartitionIsNoLongerReportedThenItsLagGaugeIsRemoved() {
		new PipelineMeterBinder(SimplePipelineRegistry.of(this.pipeline), null).bindTo(this.registry);
		this.pipeline.start();
		this.source.backlog = SourceBacklog.Partitions.of(List.of(partition(0, 7), partition(1, 9)));
		buffered();
		assertThat(this.registry.get("pipeline.source.lag").tag("partition", "0").gauge().value()).isEqualTo(7);
		assertThat(this.registry.get("pipeline.source.lag").tag("partition", "1").gauge().value()).isEqualTo(9);
		this.source.backlog = SourceBacklog.Partitions.of(List.of(partition(1, 4)));
		buffered();
		assertThat(this.registry.find("pipeline.source.lag").tag("partition", "0").gauge()).isNull();
		assertThat(this.registry.get("pipeline.source.lag").tag("partition", "1").gauge().value()).isEqualTo(4);
	}

	private double buffered() {
		Gauge gauge = this.registry.get("pipeline.source.buffered").tag("pipeline", "reported").gauge();
		return gauge.value();
	}

	private static SourceBacklog.Partition partition(int partition, long lag) {
		return new SourceBacklog.Partition("orders", partition, 100, 100 + lag, lag, false);
	}

	/** A source with no messages whose backlog the test sets. */
	static final class ReportingSource implements Source<Object> {

		volatile @Nullable SourceBacklog backlog;

		@Override
		public void start(Emitter<Object> emitter) {
		}

		@Override
		public void request(int count) {
		}

		@Override
		public @Nullable SourceBacklog backlog() {
			return this.backlog;
		}

	}

}
