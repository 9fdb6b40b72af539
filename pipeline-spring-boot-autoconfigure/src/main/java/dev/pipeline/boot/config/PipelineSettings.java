package dev.pipeline.boot.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.core.ThreadMode;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The settings of one pipeline, under {@code pipeline.pipelines.<name>}: the one schema
 * of the engine's keys. Each key's name comes from its field, its default from the
 * field's initialiser; {@link PipelineBinder} binds it at start-up and on restart, and
 * {@link SettingsView} writes it back out as the effective configuration. The engine
 * checks every value once, when the spec is built.
 *
 * @since 0.2.0
 */
public class PipelineSettings {

	/** The key of a source bean, relative to the pipeline. */
	public static final String SOURCE_BEAN = "producer.source-bean";

	/**
	 * Whether the pipeline starts with the application context.
	 */
	private boolean autoStartup = true;

	/**
	 * How long a drain (on shutdown or restart) may take; messages left then are released
	 * to the source for redelivery.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Threads that run the pipeline's stages and handlers: platform or virtual; unset
	 * means virtual when spring.threads.virtual.enabled is true on Java 21 or later, else
	 * platform.
	 */
	private @Nullable ThreadMode threads;

	private final Producer producer = new Producer();

	private final Observations observations = new Observations();

	/**
	 * Processor groups by name; the only group is 'default'.
	 */
	private final Map<String, Processor> processors = new LinkedHashMap<>();

	/**
	 * Batchers by name; each one needs an @OnBatch method.
	 */
	private final Map<String, Batcher> batchers = new LinkedHashMap<>();

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable ThreadMode getThreads() {
		return this.threads;
	}

	public void setThreads(@Nullable ThreadMode threads) {
		this.threads = threads;
	}

	public Producer getProducer() {
		return this.producer;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Map<String, Processor> getProcessors() {
		return this.processors;
	}

	public Map<String, Batcher> getBatchers() {
		return this.batchers;
	}

	/**
	 * The producers and their source: exactly one of source-bean and a source kind
	 * (generator, rabbitmq, kafka or an application's own), each under its own key.
	 */
	public static class Producer {

		/**
		 * Number of producers, each with its own source.
		 */
		private int concurrency = 1;

		/**
		 * Rate limit shared by the producers.
		 */
		private @Nullable RateLimit rateLimit;

		/**
		 * Name of a bean implementing dev.pipeline.core.Source; it must be
		 * prototype-scoped when concurrency is more than 1.
		 */
		private @Nullable String sourceBean;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable RateLimit getRateLimit() {
			return this.rateLimit;
		}

		public void setRateLimit(@Nullable RateLimit rateLimit) {
			this.rateLimit = rateLimit;
		}

		public @Nullable String getSourceBean() {
			return this.sourceBean;
		}

		public void setSourceBean(@Nullable String sourceBean) {
			this.sourceBean = sourceBean;
		}

	}

	/**
	 * Micrometer Observations of the pipeline's messages and batches.
	 */
	public static class Observations {

		/**
		 * Whether to observe each message and each batch of this pipeline (a span per
		 * message with tracing); unset means pipeline.observations.enabled.
		 */
		private @Nullable Boolean enabled;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * A producer rate limit.
	 */
	public static class RateLimit {

		/**
		 * Messages allowed per interval, shared by all producers.
		 */
		private int allowedMessages = 1;

		/**
		 * Length of the interval.
		 */
		private Duration interval = Duration.ofSeconds(1);

		public int getAllowedMessages() {
			return this.allowedMessages;
		}

		public void setAllowedMessages(int allowedMessages) {
			this.allowedMessages = allowedMessages;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Settings of the processors.
	 */
	public static class Processor {

		/**
		 * Number of processor threads; unset means twice the available processors.
		 */
		private @Nullable Integer concurrency;

		/**
		 * Most messages one processor holds (demanded and not yet handled); unset means
		 * 10, or for a Kafka source four polls' worth across the processors (4 *
		 * max-poll-records / concurrency, at least 10).
		 */
		private @Nullable Integer maxDemand;

		/**
		 * A processor asks for more when it holds this many or fewer; unset means half of
		 * max-demand.
		 */
		private @Nullable Integer minDemand;

		/**
		 * SpEL expression over the message (payload, metadata, batchKey) whose value
		 * keeps messages in order on one processor.
		 */
		private @Nullable String partitionBy;

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Integer getMaxDemand() {
			return this.maxDemand;
		}

		public void setMaxDemand(@Nullable Integer maxDemand) {
			this.maxDemand = maxDemand;
		}

		public @Nullable Integer getMinDemand() {
			return this.minDemand;
		}

		public void setMinDemand(@Nullable Integer minDemand) {
			this.minDemand = minDemand;
		}

		public @Nullable String getPartitionBy() {
			return this.partitionBy;
		}

		public void setPartitionBy(@Nullable String partitionBy) {
			this.partitionBy = partitionBy;
		}

	}

	/**
	 * Settings of one batcher.
	 */
	public static class Batcher {

		/**
		 * A batch is emitted when it holds this many messages.
		 */
		private int batchSize = 100;

		/**
		 * A batch is emitted before its payloads would exceed this size; unset means no
		 * byte limit.
		 */
		private @Nullable DataSize batchMaxBytes;

		/**
		 * A batch is emitted this long after its first message, if not full before.
		 */
		private Duration batchTimeout = Duration.ofSeconds(1);

		/**
		 * Number of batch workers.
		 */
		private int concurrency = 1;

		/**
		 * Most messages the batcher holds in its inbox; unset means the batch size.
		 */
		private @Nullable Integer maxDemand;

		/**
		 * SpEL expression over the message (payload, metadata, batchKey) whose value
		 * picks the batch worker; unset means by batch key.
		 */
		private @Nullable String partitionBy;

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public @Nullable DataSize getBatchMaxBytes() {
			return this.batchMaxBytes;
		}

		public void setBatchMaxBytes(@Nullable DataSize batchMaxBytes) {
			this.batchMaxBytes = batchMaxBytes;
		}

		public Duration getBatchTimeout() {
			return this.batchTimeout;
		}

		public void setBatchTimeout(Duration batchTimeout) {
			this.batchTimeout = batchTimeout;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Integer getMaxDemand() {
			return this.maxDemand;
		}

		public void setMaxDemand(@Nullable Integer maxDemand) {
			this.maxDemand = maxDemand;
		}

		public @Nullable String getPartitionBy() {
			return this.partitionBy;
		}

		public void setPartitionBy(@Nullable String partitionBy) {
			this.partitionBy = partitionBy;
		}

	}

}
