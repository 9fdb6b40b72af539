package dev.pipeline.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * What a pipeline needs to consume a share group: its sources and how many. Made by
 * {@link KafkaShareSources#create}.
 *
 * @since 0.2.0
 */
public final class KafkaShareSourcePlan {

	private final int concurrency;

	private final KafkaShareSettings settings;

	private final KafkaClients clients;

	private final List<KafkaShareSource> current = new CopyOnWriteArrayList<>();

	private @Nullable SharedDemand demand;

	KafkaShareSourcePlan(int concurrency, KafkaShareSettings settings, KafkaClients clients) {
		this.concurrency = concurrency;
		this.settings = settings;
		this.clients = clients;
	}

	/**
	 * Returns the factory of the pipeline's sources: one share consumer per producer
	 * index, all in the same share group; the sources of one start share the pipeline's
	 * demand.
	 * @return the source factory
	 */
	public IntFunction<Source<byte[]>> sources() {
		return this::newSource;
	}

	/**
	 * @return the number of share consumers (producer concurrency)
	 */
	public int concurrency() {
		return this.concurrency;
	}

	/**
	 * @return the share group, as set or taken from the client's configuration
	 */
	public String groupId() {
		return this.settings.groupId();
	}

	/**
	 * @return the records one poll acquires at most
	 */
	public int maxPollRecords() {
		return this.settings.maxPollRecords();
	}

	/**
	 * Installs the sources in a pipeline. Records of a share group have no order to keep,
	 * so the processors are left as they are.
	 * @param builder the pipeline's builder
	 * @return the builder
	 */
	public PipelineSpec.Builder<byte[]> applyTo(PipelineSpec.Builder<byte[]> builder) {
		return builder.sources(this.concurrency, sources());
	}

	/**
	 * Returns the sources of the pipeline's current start.
	 * @return the sources, by producer index
	 */
	public List<KafkaShareSource> currentSources() {
		return List.copyOf(this.current);
	}

	/**
	 * Adds up what the sources of the current start have done.
	 * @return the sum of their counters
	 */
	public KafkaShareSourceStats stats() {
		long[] sums = new long[7];
		for (KafkaShareSource source : this.current) {
			KafkaShareSourceStats stats = source.stats();
			sums[0] += stats.emitted();
			sums[1] += stats.accepted();
			sums[2] += stats.released();
			sums[3] += stats.rejected();
			sums[4] += stats.deadLettered();
			sums[5] += stats.refused();
			sums[6] += stats.renewed();
		}
		return new KafkaShareSourceStats(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
	}

	private synchronized Source<byte[]> newSource(int index) {
		if (index == 0 || this.demand == null) {
			this.demand = new SharedDemand();
			this.current.clear();
		}
		KafkaShareSource source = new KafkaShareSource(this.settings, this.clients, this.demand,
				this.settings.groupId() + "-share-" + index);
		this.current.add(source);
		return source;
	}

}
