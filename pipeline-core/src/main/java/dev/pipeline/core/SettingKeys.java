package dev.pipeline.core;

/**
 * The keys of a pipeline's settings, relative to the pipeline, as configuration errors
 * name them and as a framework that binds pipelines from properties writes them (for
 * example {@code pipeline.pipelines.sensors.batchers.store.batch-size} in Spring Boot).
 * Each key is named here once; the builder methods of {@link PipelineSpec.Builder} set
 * the same settings.
 *
 * @since 0.2.0
 */
public final class SettingKeys {

	/** The number of producers. */
	public static final String PRODUCER_CONCURRENCY = "producer.concurrency";

	/** The producers' source. */
	public static final String PRODUCER = "producer";

	/** Messages allowed per interval by the producers' rate limit. */
	public static final String RATE_LIMIT_ALLOWED_MESSAGES = "producer.rate-limit.allowed-messages";

	/** The interval of the producers' rate limit. */
	public static final String RATE_LIMIT_INTERVAL = "producer.rate-limit.interval";

	/** The processors: their only group is {@value PipelineSpec#PROCESSORS}. */
	public static final String PROCESSORS = "processors." + PipelineSpec.PROCESSORS;

	/** The batchers, by name. */
	public static final String BATCHERS = "batchers";

	/** Number of threads, of processors or of a batcher's workers. */
	public static final String CONCURRENCY = "concurrency";

	/** Most messages a processor, or a batcher's inbox, holds. */
	public static final String MAX_DEMAND = "max-demand";

	/** When a processor asks for more. */
	public static final String MIN_DEMAND = "min-demand";

	/** The key that keeps messages in order on one worker. */
	public static final String PARTITION_BY = "partition-by";

	/** The key that keeps messages in order without pinning it to one worker. */
	public static final String ORDER_BY = "order-by";

	/** A batch is emitted when it holds this many messages. */
	public static final String BATCH_SIZE = "batch-size";

	/** A batch is emitted before its payloads exceed this size. */
	public static final String BATCH_MAX_BYTES = "batch-max-bytes";

	/** A batch is emitted this long after its first message. */
	public static final String BATCH_TIMEOUT = "batch-timeout";

	/** How long a drain may take. */
	public static final String SHUTDOWN_TIMEOUT = "shutdown-timeout";

	/** Platform or virtual threads. */
	public static final String THREADS = "threads";

	private SettingKeys() {
	}

	/**
	 * Returns the key of a processors' setting.
	 * @param setting for example {@link #CONCURRENCY}
	 * @return for example {@code processors.default.concurrency}
	 */
	public static String processors(String setting) {
		return PROCESSORS + "." + setting;
	}

	/**
	 * Returns the key of a batcher, or of one of its settings.
	 * @param batcher the batcher's name
	 * @param setting for example {@link #BATCH_SIZE}, or empty for the batcher itself
	 * @return for example {@code batchers.store.batch-size}
	 */
	public static String batcher(String batcher, String setting) {
		return BATCHERS + "." + batcher + (setting.isEmpty() ? "" : "." + setting);
	}

}
