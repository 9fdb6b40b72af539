package dev.pipeline.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntFunction;

import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * What a pipeline needs to consume Kafka: its sources, how many, and the processors'
 * order-by function for the ordering mode. Made by {@link KafkaSources#create}.
 *
 * @since 0.1.0
 */
public final class KafkaSourcePlan {

	private final int concurrency;

	private final KafkaOrdering ordering;

	private final KafkaSourceSettings settings;

	private final KafkaClients clients;

	private final List<KafkaSource> current = new CopyOnWriteArrayList<>();

	private @Nullable SharedDemand demand;

	KafkaSourcePlan(int concurrency, KafkaOrdering ordering, KafkaSourceSettings settings, KafkaClients clients) {
		this.concurrency = concurrency;
		this.ordering = ordering;
		this.settings = settings;
		this.clients = clients;
	}

	/**
	 * Returns the factory of the pipeline's sources: one consumer per producer index, all
	 * in the same group. The engine calls it for indexes 0 to concurrency - 1 at every
	 * start; the sources of one start share the pipeline's demand.
	 * @return the source factory
	 */
	public IntFunction<Source<byte[]>> sources() {
		return this::newSource;
	}

	/**
	 * @return the number of consumers (producer concurrency)
	 */
	public int concurrency() {
		return this.concurrency;
	}

	/**
	 * @return the consumer group, as set or taken from the client's configuration
	 */
	public String groupId() {
		return this.settings.groupId();
	}

	/**
	 * @return the ordering mode
	 */
	public KafkaOrdering ordering() {
		return this.ordering;
	}

	/**
	 * Returns the processors' order-by function for the ordering mode, as
	 * {@link KafkaOrdering#partitionKey()}.
	 * @param <T> the pipeline's data type
	 * @return the function, or {@code null} for {@link KafkaOrdering#NONE}
	 */
	public <T> @Nullable Function<Message<T>, Object> partitionKey() {
		return this.ordering.partitionKey();
	}

	/**
	 * Returns the processors' max-demand when none is set: four polls' worth of records
	 * ({@code max-poll-records}) across the processors, and never less than the engine's
	 * default. The poll thread then gathers consecutive full polls and hands them over at
	 * once, waking a processor once per four polls rather than once per poll; with the
	 * engine's default of 10, each processor would ask for 5 records at a time, and the
	 * poll thread would hand records over 5 by 5.
	 * @param processors the processors' concurrency
	 * @return the max-demand
	 */
	public int defaultMaxDemand(int processors) {
		long inFlight = (long) KafkaSourceSettings.GATHERED_POLLS * this.settings.maxPollRecords();
		int divisor = Math.max(1, processors);
		long perProcessor = (inFlight + divisor - 1) / divisor;
		return (int) Math.min(Integer.MAX_VALUE, Math.max(PipelineSpec.DEFAULT_MAX_DEMAND, perProcessor));
	}

	/**
	 * Installs the sources, the order-by function and the default max-demand in a
	 * pipeline. With an ordering mode other than {@link KafkaOrdering#NONE}, a
	 * partition-by already set on the builder makes {@code build()} fail: the processors
	 * keep order one way.
	 * @param builder the pipeline's builder
	 * @return the builder
	 */
	public PipelineSpec.Builder<byte[]> applyTo(PipelineSpec.Builder<byte[]> builder) {
		Function<Message<byte[]>, Object> key = partitionKey();
		return builder.sources(this.concurrency, sources())
			.processors((p) -> p.orderBy(key).defaultMaxDemand(this::defaultMaxDemand));
	}

	/**
	 * Returns the sources of the pipeline's current start.
	 * @return the sources, by producer index
	 */
	public List<KafkaSource> currentSources() {
		return List.copyOf(this.current);
	}

	private synchronized Source<byte[]> newSource(int index) {
		if (index == 0 || this.demand == null) {
			this.demand = new SharedDemand();
			this.current.clear();
		}
		KafkaSource source = new KafkaSource(this.settings, this.clients, this.demand,
				this.settings.groupId() + "-" + index);
		this.current.add(source);
		return source;
	}

}
