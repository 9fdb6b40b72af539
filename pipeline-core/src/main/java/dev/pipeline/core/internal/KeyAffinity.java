package dev.pipeline.core.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * Places messages on the processors by order-by key: messages with the same key are
 * handled one at a time, in the order they were emitted, but a key is bound to a
 * processor only while that processor has messages of the key assigned and not yet
 * finished. A message whose key has nothing in flight goes to the processor with the
 * fewest messages assigned and unfinished (ties: the emitting processor, then the lowest
 * index), so keys that hash unevenly still spread over the processors. This is the key
 * ordering of Confluent's Parallel Consumer.
 *
 * <p>
 * Bookkeeping: a slot per key in flight counts its messages assigned and unfinished, and
 * names the processor they are on. Each processor has a FIFO of the slots of the messages
 * assigned to it, as runs (a slot and a count: a Kafka poll's records of one partition
 * make one run). A processor handles its buffer in FIFO order and finishes a chunk only
 * once it has handed every message on (to a batcher's inbox or to acknowledgement), so
 * when it reports {@code k} messages finished, they are the first {@code k} of its FIFO;
 * each slot loses its share, and a slot at zero frees its key. The last slot assigned is
 * kept at hand, so consecutive messages of one key cost no map lookup.
 *
 * <p>
 * Threads: emitting threads call {@link #put}; processor threads call {@link #finished}.
 * Assignment and the put into the buffers run under one emitting lock, so that each FIFO
 * holds its slots in the order of its buffer even when several sources emit; finishing
 * takes only the bookkeeping lock, so a processor never waits for a put. A buffer holds
 * the sum of every processor's max-demand, so a put waits only for a source that ignores
 * demand; it then holds up the other emitters, as a full buffer does with partition-by.
 */
final class KeyAffinity {

	/** Stands for the key of a message whose key function threw. */
	private static final Object NO_KEY = new Object();

	private final Function<Message<Object>, ?> orderBy;

	private final MessageBuffer[] buffers;

	private final Acknowledgements acknowledgements;

	/** Makes assignment and put one step, so FIFOs and buffers agree on order. */
	private final ReentrantLock emitting = new ReentrantLock();

	/** Guards {@link #slots} and {@link #assigned}. */
	private final ReentrantLock lock = new ReentrantLock();

	private final HashMap<@Nullable Object, Slot> slots = new HashMap<>();

	/** The slots of the messages assigned to each processor, oldest first, as runs. */
	private final ArrayDeque<Run>[] assigned;

	/** How many messages each processor has assigned and unfinished. */
	private final int[] loads;

	/** The slot assigned last, while it is in flight. */
	private @Nullable Slot last;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	KeyAffinity(Function<Message<Object>, ?> orderBy, MessageBuffer[] buffers, Acknowledgements acknowledgements) {
		this.orderBy = orderBy;
		this.buffers = buffers;
		this.acknowledgements = acknowledgements;
		this.assigned = new ArrayDeque[buffers.length];
		for (int i = 0; i < buffers.length; i++) {
			this.assigned[i] = new ArrayDeque<>();
		}
		this.loads = new int[buffers.length];
	}

	/**
	 * Assigns messages to processors by key and puts them in the processors' buffers, in
	 * order. A message whose key function throws is failed and goes nowhere.
	 * @param messages the messages, in the order the source emitted them
	 * @param self the processor whose thread emits, or -1
	 * @return how many messages failed because their key function threw
	 * @throws InterruptedException if interrupted while waiting for room in a buffer
	 */
	int put(List<Message<Object>> messages, int self) throws InterruptedException {
		int n = messages.size();
		int failed = 0;
		if (n == 1) {
			Message<Object> message = messages.get(0);
			Object key = keyOrFail(message);
			if (key == NO_KEY) {
				return 1;
			}
			this.emitting.lockInterruptibly();
			try {
				this.buffers[assignOne(key, self)].put(message);
			}
			finally {
				this.emitting.unlock();
			}
			return 0;
		}
		@Nullable Object[] keys = new Object[n];
		for (int i = 0; i < n; i++) {
			keys[i] = keyOrFail(messages.get(i));
			if (keys[i] == NO_KEY) {
				failed++;
			}
		}
		this.emitting.lockInterruptibly();
		try {
			putAll(messages, keys, self);
		}
		finally {
			this.emitting.unlock();
		}
		return failed;
	}

	private void putAll(List<Message<Object>> messages, @Nullable Object[] keys, int self) throws InterruptedException {
		int[] targets = new int[keys.length];
		this.lock.lock();
		try {
			for (int i = 0; i < keys.length; i++) {
				targets[i] = (keys[i] != NO_KEY) ? assign(keys[i], self) : -1;
			}
		}
		finally {
			this.lock.unlock();
		}
		MessageBuffer.putEach(this.buffers, messages, targets);
	}

	private int assignOne(@Nullable Object key, int self) {
		this.lock.lock();
		try {
			return assign(key, self);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Tells which processor gets the next message of a key, and records it. Called with
	 * the lock held.
	 */
	private int assign(@Nullable Object key, int self) {
		Slot slot = this.last;
		if (slot == null || slot.inFlight == 0 || !Objects.equals(slot.key, key)) {
			slot = this.slots.get(key);
			if (slot == null) {
				slot = new Slot(key, leastLoaded(self));
				this.slots.put(key, slot);
			}
			this.last = slot;
		}
		slot.inFlight++;
		int processor = slot.processor;
		this.loads[processor]++;
		Run tail = this.assigned[processor].peekLast();
		if (tail != null && tail.slot == slot) {
			tail.count++;
		}
		else {
			this.assigned[processor].addLast(new Run(slot));
		}
		return processor;
	}

	private int leastLoaded(int self) {
		int[] all = this.loads;
		int best = (self >= 0) ? self : 0;
		int fewest = all[best];
		for (int i = 0; i < all.length && fewest > 0; i++) {
			if (all[i] < fewest) {
				fewest = all[i];
				best = i;
			}
		}
		return best;
	}

	/**
	 * Tells that a processor has handed on the oldest messages assigned to it, so their
	 * keys may go to any processor once nothing else of them is in flight. Called by the
	 * processor after each chunk.
	 * @param processor the processor's index
	 * @param count how many messages it finished
	 */
	void finished(int processor, int count) {
		ArrayDeque<Run> queue = this.assigned[processor];
		this.lock.lock();
		try {
			int left = count;
			while (left > 0) {
				Run head = queue.peekFirst();
				if (head == null) {
					break;
				}
				int taken = Math.min(head.count, left);
				left -= taken;
				head.count -= taken;
				this.loads[processor] -= taken;
				Slot slot = head.slot;
				slot.inFlight -= taken;
				if (slot.inFlight == 0) {
					this.slots.remove(slot.key);
				}
				if (head.count == 0) {
					queue.pollFirst();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * @return how many keys have messages assigned and not yet finished
	 */
	int keysInFlight() {
		this.lock.lock();
		try {
			return this.slots.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable Object keyOrFail(Message<Object> message) {
		try {
			Object key = this.orderBy.apply(message);
			return (key instanceof byte[] bytes) ? new Bytes(bytes) : key;
		}
		catch (RuntimeException ex) {
			this.acknowledgements.settle(List.of(),
					List.of(message.failed("The processors' order-by failed on this message: " + ex, ex)));
			return NO_KEY;
		}
	}

	/**
	 * A key in flight: how many of its messages are unfinished, and on which processor.
	 */
	private static final class Slot {

		final @Nullable Object key;

		final int processor;

		int inFlight;

		Slot(@Nullable Object key, int processor) {
			this.key = key;
			this.processor = processor;
		}

	}

	/** Consecutive messages of one slot in a processor's FIFO. */
	private static final class Run {

		final Slot slot;

		int count = 1;

		Run(Slot slot) {
			this.slot = slot;
		}

	}

	/** A {@code byte[]} key, compared by content. */
	private static final class Bytes {

		private final byte[] bytes;

		private final int hash;

		Bytes(byte[] bytes) {
			this.bytes = bytes;
			this.hash = Arrays.hashCode(bytes);
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Bytes that && this.hash == that.hash && Arrays.equals(this.bytes, that.bytes);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
