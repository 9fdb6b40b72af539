package dev.pipeline.core.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.EmissionRefusedException;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * The emitter of one source: checks what the source emits, refuses it once the source has
 * stopped fetching, holds the rate limit for it, and hands the rest to the
 * {@link ProducerStage} to place.
 *
 * <p>
 * Rate limit: the producer stage asks a source only for what the rate limit granted, and
 * records it here as credit. A message beyond the credit (a source that emits more than
 * it was asked for) takes from the rate limit's budget itself, and waits for the next
 * interval when the budget is spent (or until the source is granted demand, which it then
 * uses), so the limit holds for everything taken. Without a rate limit there is no credit
 * to keep.
 *
 * <p>
 * Closing: {@link #close()} is called once the source's {@code stopFetching} has
 * returned. An emission that starts afterwards is refused whole; one waiting for the rate
 * limit then is refused for what it has not handed over yet. {@code close} returns when
 * no emission is in progress, so nothing reaches the buffers after it.
 */
final class SourceEmitter implements Emitter<Object> {

	private final String pipeline;

	private final Source<Object> source;

	private final ProducerStage producer;

	private final @Nullable RateLimiter limiter;

	/** Demand granted to the source and not yet answered; kept only with a rate limit. */
	private final AtomicLong credit = new AtomicLong();

	private final AtomicInteger active = new AtomicInteger();

	/** Whether an emission waits for the rate limit, so new credit must wake it. */
	private volatile boolean waiting;

	private volatile boolean closed;

	SourceEmitter(String pipeline, Source<Object> source, ProducerStage producer, @Nullable RateLimiter limiter) {
		this.pipeline = pipeline;
		this.source = source;
		this.producer = producer;
		this.limiter = limiter;
	}

	/**
	 * Records demand the rate limit granted, before the source is asked for it.
	 * @param count the demand
	 */
	void granted(int count) {
		RateLimiter rateLimiter = this.limiter;
		if (rateLimiter != null) {
			this.credit.addAndGet(count);
			if (this.waiting) {
				rateLimiter.wakeWaiters();
			}
		}
	}

	@Override
	public void emit(Message<Object> message) {
		if (message == null) {
			throw nullEmitted("a null message");
		}
		emit(List.of(message));
	}

	@Override
	public void emit(List<Message<Object>> messages) {
		if (messages == null) {
			throw nullEmitted("a null list");
		}
		int n = messages.size();
		for (int i = 0; i < n; i++) {
			if (messages.get(i) == null) {
				throw nullEmitted("a list of " + n + " messages with null at index " + i);
			}
		}
		if (n == 0) {
			return;
		}
		this.active.incrementAndGet();
		try {
			if (this.closed) {
				throw refused(messages, 0);
			}
			if (this.limiter == null) {
				this.producer.place(messages);
			}
			else {
				placeWithinLimit(messages, this.limiter);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while pipeline '" + this.pipeline
					+ "' had no room for what source '" + this.source.describe() + "' emitted; not emitted", ex);
		}
		finally {
			this.active.decrementAndGet();
		}
	}

	private void placeWithinLimit(List<Message<Object>> messages, RateLimiter rateLimiter) throws InterruptedException {
		int n = messages.size();
		int from = takeCredit(n);
		if (from == n) {
			this.producer.place(messages);
			return;
		}
		if (from > 0) {
			this.producer.place(messages.subList(0, from));
		}
		while (from < n) {
			int wanted = n - from;
			int granted = takeCredit(wanted);
			if (granted == 0) {
				granted = rateLimiter.acquire(wanted);
			}
			if (granted == 0 && rateLimiter.borrowIfResetting(wanted)) {
				granted = wanted;
			}
			if (granted > 0) {
				this.producer.place(messages.subList(from, from + granted));
				from += granted;
				continue;
			}
			if (this.closed) {
				throw refused(messages, from);
			}
			this.waiting = true;
			try {
				rateLimiter.awaitNextInterval(() -> this.closed || this.credit.get() > 0);
			}
			finally {
				this.waiting = false;
			}
		}
	}

	private int takeCredit(int wanted) {
		AtomicLong available = this.credit;
		while (true) {
			long current = available.get();
			int taken = (int) Math.min(current, wanted);
			if (taken <= 0 || available.compareAndSet(current, current - taken)) {
				return Math.max(taken, 0);
			}
		}
	}

	/**
	 * Refuses every emission from now on, and returns once none is in progress. Called
	 * once the source's {@code stopFetching} has returned.
	 */
	void close() {
		this.closed = true;
		if (this.limiter != null) {
			this.limiter.wakeWaiters();
		}
		while (this.active.get() != 0) {
			Thread.yield();
		}
	}

	private EmissionRefusedException refused(List<Message<Object>> messages, int from) {
		int count = messages.size() - from;
		return new EmissionRefusedException("Pipeline '" + this.pipeline + "' refused " + count
				+ ((count == 1) ? " message" : " messages") + " from source '" + this.source.describe()
				+ "': it emitted after its stopFetching returned, so the pipeline is draining or stopped."
				+ " Action: release them to the broker for redelivery, and emit nothing once stopFetching returns.",
				messages.subList(from, messages.size()));
	}

	private IllegalArgumentException nullEmitted(String what) {
		return new IllegalArgumentException("Source '" + this.source.describe() + "' of pipeline '" + this.pipeline
				+ "' emitted " + what + "; nothing was taken. Action: emit only messages made with Message.of.");
	}

}
