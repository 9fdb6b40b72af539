package dev.pipeline.boot.metrics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import dev.pipeline.core.SourceBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The gauges of what one pipeline's broker holds, which exist only once the source has
 * reported it: the queue's depth and the unacknowledged deliveries, or each assigned
 * partition's lag. {@link #refresh} adds the gauges the latest report calls for and
 * removes those of partitions no longer assigned; it runs when
 * {@code pipeline.source.buffered} is read, so it follows the scrapes.
 */
final class SourceBacklogGauges {

	private final MeterRegistry registry;

	private final Pipeline<?> pipeline;

	private volatile boolean queueRegistered;

	private volatile boolean unacknowledgedRegistered;

	private final Map<String, Meter> partitions = new ConcurrentHashMap<>();

	SourceBacklogGauges(MeterRegistry registry, Pipeline<?> pipeline) {
		this.registry = registry;
		this.pipeline = pipeline;
	}

	/**
	 * Registers and removes gauges to follow the source's latest backlog.
	 * @param stats a snapshot of the pipeline's figures
	 * @return the same snapshot
	 */
	synchronized PipelineStats refresh(PipelineStats stats) {
		SourceBacklog backlog = stats.source().backlog();
		String name = this.pipeline.name();
		if (backlog instanceof SourceBacklog.Queue queue) {
			if (!this.queueRegistered) {
				this.queueRegistered = true;
				PipelineMeterBinder.gauge(this.registry, "pipeline.source.queue.depth",
						"Messages ready in the source's queue", this.pipeline, (p) -> {
							SourceBacklog now = backlog(p);
							return (now instanceof SourceBacklog.Queue q) ? q.queueDepth() : Double.NaN;
						}, "pipeline", name, "queue", queue.queue());
			}
			registerUnacknowledged(name);
		}
		else if (backlog instanceof SourceBacklog.Acquired) {
			registerUnacknowledged(name);
		}
		else if (backlog instanceof SourceBacklog.Partitions partitions) {
			Set<String> current = new HashSet<>();
			for (SourceBacklog.Partition partition : partitions.partitions()) {
				String key = partition.topic() + "-" + partition.partition();
				current.add(key);
				this.partitions.computeIfAbsent(key, (k) -> lag(name, partition.topic(), partition.partition()));
			}
			this.partitions.entrySet().removeIf((entry) -> {
				if (current.contains(entry.getKey())) {
					return false;
				}
				this.registry.remove(entry.getValue());
				return true;
			});
		}
		return stats;
	}

	private void registerUnacknowledged(String name) {
		if (this.unacknowledgedRegistered) {
			return;
		}
		this.unacknowledgedRegistered = true;
		PipelineMeterBinder.gauge(this.registry, "pipeline.source.unacknowledged",
				"Messages delivered to the pipeline and not yet settled at the broker", this.pipeline, (p) -> {
					SourceBacklog now = backlog(p);
					if (now instanceof SourceBacklog.Queue queue) {
						return queue.unacknowledged();
					}
					return (now instanceof SourceBacklog.Acquired acquired) ? acquired.acquired() : Double.NaN;
				}, "pipeline", name);
	}

	private Meter lag(String name, String topic, int partition) {
		return Gauge.builder("pipeline.source.lag", this.pipeline, (p) -> {
			if (backlog(p) instanceof SourceBacklog.Partitions now) {
				for (SourceBacklog.Partition each : now.partitions()) {
					if (each.partition() == partition && each.topic().equals(topic)) {
						return each.lag();
					}
				}
			}
			return Double.NaN;
		})
			.description("Records between the group's committed offset and the end of the partition")
			.tags("pipeline", name, "topic", topic, "partition", Integer.toString(partition))
			.strongReference(true)
			.register(this.registry);
	}

	private static @Nullable SourceBacklog backlog(Pipeline<?> pipeline) {
		return pipeline.stats().source().backlog();
	}

}
