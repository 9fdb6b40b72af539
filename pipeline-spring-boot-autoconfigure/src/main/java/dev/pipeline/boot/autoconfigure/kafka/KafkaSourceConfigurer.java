package dev.pipeline.boot.autoconfigure.kafka;

import java.util.function.Supplier;

import dev.pipeline.boot.autoconfigure.PipelineProperties.Producer;
import dev.pipeline.boot.autoconfigure.PipelineSourceConfigurer;
import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.boot.kafka.KafkaOrdering;
import dev.pipeline.boot.kafka.KafkaSourcePlan;
import dev.pipeline.boot.kafka.KafkaSourceProperties;
import dev.pipeline.boot.kafka.KafkaSources;
import dev.pipeline.boot.kafka.SpringKafkaClients;
import dev.pipeline.core.PipelineSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * Makes the sources of a pipeline configured with {@code producer.kafka}, and installs
 * the key of its ordering mode on the processors as their order-by, with their default
 * max-demand ({@link KafkaSourcePlan#applyTo}).
 */
final class KafkaSourceConfigurer implements PipelineSourceConfigurer, DisposableBean {

	private final Supplier<SpringKafkaClients> clients;

	private @Nullable SpringKafkaClients shared;

	KafkaSourceConfigurer(Supplier<SpringKafkaClients> clients) {
		this.clients = clients;
	}

	@Override
	public String kind() {
		return "kafka";
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void configure(String pipeline, Producer producer, PipelineSpec.Builder<Object> builder) {
		KafkaSourceProperties properties = (producer.getKafka() != null) ? producer.getKafka()
				: new KafkaSourceProperties();
		String partitionByKey = "pipeline.pipelines." + pipeline + ".processors.default.partition-by";
		try {
			KafkaSourcePlan plan = KafkaSources.create(pipeline, properties, producer.getConcurrency(), clients());
			PipelineSpec<Object> draft = PipelineSourceConfigurer.draft(builder, plan.concurrency());
			if (plan.ordering() != KafkaOrdering.NONE && draft.processors().partitionBy() != null) {
				throw new PipelineSetupException(
						"Pipeline 'pipeline.pipelines." + pipeline + "' sets both '" + partitionByKey
								+ "' (or a @PartitionKey method) and 'pipeline.pipelines." + pipeline
								+ ".producer.kafka.ordering' (" + plan.ordering().name().toLowerCase()
								+ "), which orders the processors by its own key.",
						"Remove the partition key, or set producer.kafka.ordering to 'none' to partition by it.");
			}
			plan.applyTo((PipelineSpec.Builder) builder);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw PipelineSetupException.from(ex);
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.shared != null) {
			this.shared.destroy();
		}
	}

	private synchronized SpringKafkaClients clients() {
		if (this.shared == null) {
			this.shared = this.clients.get();
		}
		return this.shared;
	}

}
