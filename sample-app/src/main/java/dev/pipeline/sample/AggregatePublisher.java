package dev.pipeline.sample;

import java.util.List;

/**
 * Publishes aggregates back out, to a broker (Telluride's
 * {@code SensorAggregateProducer}). Every bean of this type is called by
 * {@link AggregateReporter} on its scheduler thread, one call at a time; an exception is
 * logged and the next report goes on.
 */
@FunctionalInterface
public interface AggregatePublisher {

	/**
	 * Publishes the aggregates that changed since the last report.
	 * @param changed the aggregates, at least one
	 */
	void publish(List<SensorAggregate> changed);

}
