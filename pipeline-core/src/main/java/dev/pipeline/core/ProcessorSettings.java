package dev.pipeline.core;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The settings of a pipeline's processors, validated. At most one of {@code partitionBy}
 * and {@code orderBy} is set.
 *
 * @param concurrency the number of processor threads
 * @param maxDemand the most messages one processor holds (demanded and not yet handled)
 * @param minDemand a processor asks for more when it holds this many or fewer; it handles
 * chunks of at most {@code maxDemand - minDemand}
 * @param partitionBy the key that keeps messages in order on one processor, or
 * {@code null}
 * @param orderBy the key that keeps messages in order, one at a time, on whichever
 * processor is least loaded when the key has nothing in flight, or {@code null}
 * @param <T> the type of the data
 * @since 0.1.0
 */
public record ProcessorSettings<T>(int concurrency, int maxDemand, int minDemand,
		@Nullable Function<Message<T>, ?> partitionBy, @Nullable Function<Message<T>, ?> orderBy) {

	/**
	 * @return the most messages a processor takes at once
	 */
	public int chunkSize() {
		return this.maxDemand - this.minDemand;
	}

}
