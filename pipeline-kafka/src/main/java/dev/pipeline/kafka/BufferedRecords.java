package dev.pipeline.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * The records a {@link PollLoop} fetched and has not handed to the pipeline yet, and
 * their hand-over: at most as many as the pipeline demanded, once that demand is worth
 * using ({@link DemandPacer}), in the order they were fetched (retries first).
 *
 * <p>
 * Belongs to the poll thread, with one exception: while the poll thread waits for demand
 * ({@link #awaitDemand}), it lends the hand-over to the thread whose ask brings that
 * demand ({@link Handover#awaitDemand}), which holds the poll thread's role meanwhile;
 * the hand-over touches no consumer.
 */
final class BufferedRecords {

	private final KafkaSource source;

	private final SharedDemand demand;

	private final Emitter<byte[]> emitter;

	private final Handover handover;

	private final ArrayDeque<KafkaDelivery> buffer = new ArrayDeque<>();

	private final DemandPacer pacer = new DemandPacer();

	private final BooleanSupplier canEmit = this::canEmit;

	private final BooleanSupplier emitOnBehalf = this::emitOnBehalf;

	/**
	 * What a hand-over made on the poll thread's behalf threw, for its turn to handle.
	 */
	private @Nullable RuntimeException lentEmissionFailure;

	BufferedRecords(KafkaSource source, SharedDemand demand, Emitter<byte[]> emitter, Handover handover) {
		this.source = source;
		this.demand = demand;
		this.emitter = emitter;
		this.handover = handover;
	}

	void add(KafkaDelivery delivery) {
		this.buffer.add(delivery);
	}

	/**
	 * Puts records due for another attempt before the others, in their order.
	 * @param retries the records
	 */
	void addFirst(List<KafkaDelivery> retries) {
		for (int i = retries.size() - 1; i >= 0; i--) {
			this.buffer.addFirst(retries.get(i));
		}
	}

	/**
	 * Tells whether the poll thread should poll again, without waiting, before it hands
	 * its records over: they make less than {@link KafkaSourceSettings#GATHERED_POLLS}
	 * polls' worth, and the demand covers them and another full poll. One hand-over of
	 * several polls wakes a processor once where one per poll would wake it each time.
	 * @param pollSize records per poll
	 * @return whether to gather another poll first
	 */
	boolean canGather(int pollSize) {
		int buffered = this.buffer.size();
		return buffered > 0 && buffered < (long) KafkaSourceSettings.GATHERED_POLLS * pollSize
				&& buffered + (long) pollSize <= this.demand.current();
	}

	boolean isEmpty() {
		return this.buffer.isEmpty();
	}

	void clear() {
		this.buffer.clear();
	}

	/**
	 * Forgets the records of partitions that leave this consumer.
	 * @param leaving the partitions' assignments
	 */
	void drop(List<AssignedPartition> leaving) {
		this.buffer.removeIf((delivery) -> leaving.contains(delivery.owner()));
	}

	/**
	 * Hands over what the demand allows, when the {@link DemandPacer} says the demand is
	 * worth using.
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 */
	void emit(long now) {
		if (!this.pacer.ready(this.demand.current(), this.buffer.size(), now)) {
			return;
		}
		int count = this.demand.take(this.buffer.size());
		if (count == 0) {
			return;
		}
		List<Message<byte[]>> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			KafkaDelivery delivery = this.buffer.poll();
			AssignedPartition owner = delivery.owner();
			if (delivery.attempt() == 1) {
				owner.offsets.emitted(delivery.offset());
			}
			owner.inPipeline++;
			messages.add(delivery.toMessage());
		}
		this.source.emitted(count);
		this.emitter.emit(messages);
	}

	/**
	 * Waits for demand worth using, lending the hand-over meanwhile; rethrows what a lent
	 * hand-over threw.
	 * @param wait the longest wait, in nanoseconds
	 * @param now the time of this turn, in {@link System#nanoTime()} terms
	 */
	void awaitDemand(long wait, long now) {
		this.handover.awaitDemand(this.pacer.boundWait(wait, now), this.pacer.wanted(this.buffer.size()), false,
				this.canEmit, this.emitOnBehalf);
		RuntimeException failure = this.lentEmissionFailure;
		if (failure != null) {
			this.lentEmissionFailure = null;
			throw failure;
		}
	}

	/**
	 * Waits, while not emitting (paused or stopped fetching), for anything the poll
	 * thread must see.
	 * @param wait the longest wait, in nanoseconds
	 */
	void await(long wait) {
		this.handover.await(wait, this.canEmit);
	}

	/**
	 * Hands over on the thread that brought the demand, which holds the poll thread's
	 * role meanwhile.
	 * @return whether the poll thread is needed now: its records are all handed over, or
	 * the source stopped or paused
	 */
	private boolean emitOnBehalf() {
		if (this.source.isStopping() || this.source.isFetchStopped() || this.source.isPaused()) {
			return true;
		}
		try {
			emit(System.nanoTime());
		}
		catch (RuntimeException ex) {
			// the poll thread's turn handles it, as when it emits itself
			this.lentEmissionFailure = ex;
			return true;
		}
		return this.buffer.isEmpty();
	}

	private boolean canEmit() {
		return this.source.isStopping() || (!this.buffer.isEmpty() && !this.source.isPaused()
				&& this.demand.current() >= Math.max(1, this.pacer.wanted(this.buffer.size())));
	}

}
