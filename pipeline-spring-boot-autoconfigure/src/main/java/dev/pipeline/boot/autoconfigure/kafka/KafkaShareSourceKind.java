package dev.pipeline.boot.autoconfigure.kafka;

import java.util.function.Supplier;

import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.ProcessorSettings;
import dev.pipeline.kafka.KafkaShareSourcePlan;
import dev.pipeline.kafka.KafkaShareSources;
import dev.pipeline.kafka.SpringKafkaClients;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The {@code kafka-share} source kind: one share consumer per producer in the pipeline's
 * share group. When {@code max-poll-records} is not set, a poll acquires what the
 * pipeline can take: processors times max-demand, divided among the consumers.
 */
final class KafkaShareSourceKind implements PipelineSourceKind<PipelineKafkaShareProperties>, DisposableBean {

	/** The most records one poll acquires when the size follows the pipeline's demand. */
	static final int MAX_DERIVED_POLL_RECORDS = 500;

	private final Supplier<SpringKafkaClients> clients;

	private @Nullable SpringKafkaClients shared;

	KafkaShareSourceKind(Supplier<SpringKafkaClients> clients) {
		this.clients = clients;
	}

	@Override
	public String name() {
		return "kafka-share";
	}

	@Override
	public Class<PipelineKafkaShareProperties> settingsType() {
		return PipelineKafkaShareProperties.class;
	}

	@Override
	public PipelineMessaging messaging(PipelineKafkaShareProperties settings) {
		return new PipelineMessaging("kafka", String.join(",", settings.getTopics()), settings.getGroupId());
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public PipelineKafkaShareProperties configure(SourceKindContext context, PipelineKafkaShareProperties settings,
			PipelineSpec.Builder<Object> builder) {
		if (settings.getMaxPollRecords() == null) {
			ProcessorSettings<Object> processors = context.draft(builder).processors();
			int demand = processors.concurrency() * processors.maxDemand();
			int perConsumer = (demand + context.producerConcurrency() - 1) / Math.max(1, context.producerConcurrency());
			settings.setMaxPollRecords(Math.max(1, Math.min(MAX_DERIVED_POLL_RECORDS, perConsumer)));
		}
		settings.getReconnect().validate(context, "reconnect");
		KafkaShareSourcePlan plan = KafkaShareSources.create(context.pipeline(), settings,
				context.producerConcurrency(), clients(), settings.getReconnect().toBackOff());
		plan.applyTo((PipelineSpec.Builder) builder);
		if (settings.getGroupId() == null) {
			settings.setGroupId(plan.groupId());
		}
		return settings;
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
