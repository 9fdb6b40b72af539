package dev.pipeline.sample;

import java.util.List;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code sample.report-interval}: logs the pipeline's throughput (from its stats in
 * the {@link PipelineRegistry}) and settings, logs the aggregates that changed, and hands
 * them to every {@link AggregatePublisher} (the broker profiles publish them as JSON).
 */
@Component
public class AggregateReporter {

	private static final Logger logger = LoggerFactory.getLogger(AggregateReporter.class);

	private final SensorAggregates aggregates;

	private final PipelineRegistry registry;

	private final ObjectProvider<AggregatePublisher> publishers;

	private final int logSensors;

	private long lastSettled;

	private long lastNanos = System.nanoTime();

	public AggregateReporter(SensorAggregates aggregates, PipelineRegistry registry,
			ObjectProvider<AggregatePublisher> publishers, SampleProperties properties) {
		this.aggregates = aggregates;
		this.registry = registry;
		this.publishers = publishers;
		this.logSensors = properties.logSensors();
	}

	/**
	 * Reports once. Called by the scheduler, one call at a time.
	 * @return the throughput since the previous report, in messages per second
	 */
	@Scheduled(fixedRateString = "${sample.report-interval:5s}", initialDelayString = "${sample.report-interval:5s}")
	public synchronized double report() {
		double throughput = throughput();
		List<SensorAggregate> changed = this.aggregates.takeChanged();
		logger.info("{} readings aggregated from {} sensors; {} sensors changed", this.aggregates.totalCount(),
				this.aggregates.snapshot().size(), changed.size());
		changed.stream().limit(this.logSensors).forEach((aggregate) -> logger.info("  {}", aggregate));
		if (changed.size() > this.logSensors) {
			logger.info("  ... and {} more", changed.size() - this.logSensors);
		}
		if (!changed.isEmpty()) {
			this.publishers.orderedStream().forEach((publisher) -> publish(publisher, changed));
		}
		return throughput;
	}

	private double throughput() {
		Pipeline<?> pipeline = this.registry.find(SampleProperties.PIPELINE).orElse(null);
		if (pipeline == null) {
			return 0;
		}
		PipelineStats stats = pipeline.stats();
		long settled = stats.succeeded() + stats.failed();
		long now = System.nanoTime();
		// totals start again from zero when the pipeline restarts
		long delta = (settled >= this.lastSettled) ? settled - this.lastSettled : settled;
		double perSecond = delta * 1e9 / Math.max(1, now - this.lastNanos);
		this.lastSettled = settled;
		this.lastNanos = now;
		logger.info("Pipeline '{}' {}: {} messages/s, {} in flight, {} failed; processors {}, {} batch-size {}",
				pipeline.name(), stats.state(), String.format("%.0f", perSecond), stats.inFlight(), stats.failed(),
				pipeline.spec().processors().concurrency(), SampleProperties.BATCHER, batchSize(pipeline));
		return perSecond;
	}

	private static Object batchSize(Pipeline<?> pipeline) {
		var batcher = pipeline.spec().batcher(SampleProperties.BATCHER);
		return (batcher != null) ? batcher.batchSize() : "-";
	}

	private static void publish(AggregatePublisher publisher, List<SensorAggregate> changed) {
		try {
			publisher.publish(changed);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish {} aggregates: {}", changed.size(), ex.toString());
		}
	}

}
