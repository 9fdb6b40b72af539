package dev.pipeline.rabbitmq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import dev.pipeline.core.source.InMemorySource;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Builds a pipeline on the RabbitMQ source as the auto-configuration will: the spec
 * first, then the sources with the prefetch derived from it. Keeps the sources it made.
 */
final class RabbitPipelines {

	final List<RabbitSource> sources = new CopyOnWriteArrayList<>();

	private int prefetch;

	Pipeline<byte[]> create(ConnectionFactory connectionFactory, RabbitSourceProperties properties, String name,
			Consumer<PipelineSpec.Builder<byte[]>> shape) {
		PipelineSpec.Builder<byte[]> builder = Pipeline.<byte[]>builder(name).source(new InMemorySource<>());
		shape.accept(builder);
		PipelineSpec<byte[]> spec = builder.build();
		this.prefetch = RabbitSources.derivePrefetch(spec);
		IntFunction<Source<byte[]>> factory = RabbitSources.create(connectionFactory, properties, name, this.prefetch,
				reconnect());
		return Pipeline.create(spec.toBuilder().sources(spec.producerConcurrency(), (index) -> {
			RabbitSource source = (RabbitSource) factory.apply(index);
			this.sources.add(source);
			return source;
		}).build());
	}

	/**
	 * @return the derived prefetch of each channel
	 */
	int prefetch() {
		return this.prefetch;
	}

	RabbitSourceStats stats() {
		long[] sums = new long[7];
		for (RabbitSource source : this.sources) {
			RabbitSourceStats stats = source.stats();
			sums[0] += stats.delivered();
			sums[1] += stats.acknowledged();
			sums[2] += stats.rejected();
			sums[3] += stats.requeued();
			sums[4] += stats.dropped();
			sums[5] += stats.acknowledgementFrames();
			sums[6] += stats.connections();
		}
		return new RabbitSourceStats(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
	}

	/** Reconnects every 100ms, doubling up to 1s: broker restarts are quick here. */
	static BackOff reconnect() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(1000);
		return backOff;
	}

	static RabbitSourceProperties properties(String queue) {
		RabbitSourceProperties properties = new RabbitSourceProperties();
		properties.setQueue(queue);
		return properties;
	}

}
