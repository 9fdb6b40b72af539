package dev.pipeline.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

/**
 * The demand that flows from the processors to the sources: granted through a gate that
 * holds it back while the pipeline is paused, the rate limit is spent, or the pipeline
 * drains, and handed to the sources in turn, one thread at a time.
 *
 * <p>
 * Granted demand not yet handed over and the flag of the thread handing it over share one
 * word, so asking costs one atomic addition: the asker that finds no one handing over
 * takes the hand-off; one that finds someone leaves its demand to them and goes back to
 * its messages instead of waiting for a source. Closing the gate waits for the hand-off
 * in progress, so that no source is asked once {@link #hold} has returned.
 *
 * <p>
 * The thread handing over does not keep the role for as long as others ask: once it has
 * handed over what it took, it leaves what was asked meanwhile to the next asker when
 * every asker is sure to ask again soon (each processor has messages in its buffer, and
 * asks once it has handled them). Otherwise one processor could end up asking the
 * sources, and placing their messages, for all the others, which then wait on it: with a
 * source that emits while it is asked, each processor now mostly emits its own messages,
 * on its own core.
 */
final class Demand {

	private static final int OPEN = 0;

	private static final int PAUSED = 1;

	private static final int CLOSED = 2;

	/**
	 * Set in {@link #unrequested} while a thread hands demand to the sources; the bits
	 * below it count the demand granted and not yet handed over.
	 */
	private static final long HANDING = 1L << 62;

	private final Source<Object>[] sources;

	private final SourceEmitter[] emitters;

	private final @Nullable RateLimiter rateLimiter;

	private final AtomicInteger nextSource = new AtomicInteger();

	/** Demand held back while the gate was closed or the rate limit spent. */
	private final AtomicLong deferred = new AtomicLong();

	/**
	 * Demand granted and not yet handed to a source, with {@link #HANDING} set while a
	 * thread hands it over.
	 */
	private final AtomicLong unrequested = new AtomicLong();

	private volatile int gate = OPEN;

	/**
	 * @param sources the sources, asked in turn
	 * @param emitters each source's emitter, told of the demand just before its source is
	 * asked for it
	 * @param rateLimiter the rate limit, or {@code null}
	 */
	Demand(Source<Object>[] sources, SourceEmitter[] emitters, @Nullable RateLimiter rateLimiter) {
		this.sources = sources;
		this.emitters = emitters;
		this.rateLimiter = rateLimiter;
	}

	/**
	 * Asks the sources for more messages, or holds the demand back; never blocks.
	 * @param count messages wanted
	 */
	void ask(int count) {
		ask(count, null);
	}

	/**
	 * Asks the sources for more messages, or holds the demand back; never blocks.
	 * @param count messages wanted
	 * @param asksAgain whether every asker is sure to ask again soon, so that demand
	 * granted while this thread hands over may be left to whoever asks next; null when
	 * that is never so
	 */
	void ask(int count, @Nullable BooleanSupplier asksAgain) {
		if (this.gate != OPEN) {
			defer(count);
			return;
		}
		int granted = count;
		if (this.rateLimiter != null) {
			granted = this.rateLimiter.acquire(count);
			if (granted < count) {
				this.deferred.addAndGet(count - granted);
			}
			if (granted == 0) {
				return;
			}
		}
		if ((this.unrequested.getAndAdd(granted) & HANDING) == 0) {
			handOver(asksAgain);
		}
	}

	/**
	 * Holds back demand while the gate is closed; hands it over after all when the gate
	 * opened in between, since the opening released only what was held before.
	 */
	private void defer(long count) {
		this.deferred.addAndGet(count);
		if (this.gate == OPEN) {
			releaseDeferred();
		}
	}

	/**
	 * Hands granted demand to the sources, one thread at a time, as a GenStage producer
	 * takes its consumers' asks one after another. The thread that hands over lets go
	 * only when nothing more was granted meanwhile, so no demand is left behind. Demand
	 * taken while the gate is closed is held back instead.
	 */
	private void handOver(@Nullable BooleanSupplier asksAgain) {
		AtomicLong unrequested = this.unrequested;
		long count = unrequested.get();
		while ((count & HANDING) == 0 && count != 0) {
			if (unrequested.compareAndSet(count, HANDING)) {
				if (!handOver(count, asksAgain) || asksAgain == null || asksAgain.getAsBoolean()) {
					return;
				}
				// Demand was left while an asker ran out of messages: it may have asked
				// before the role was let go, and waits for that demand; take it back
			}
			count = unrequested.get();
		}
	}

	/**
	 * @return whether demand asked meanwhile was left to the next asker
	 */
	private boolean handOver(long taken, @Nullable BooleanSupplier asksAgain) {
		AtomicLong unrequested = this.unrequested;
		long count = taken;
		boolean held = false;
		boolean left = false;
		try {
			while (true) {
				if (this.gate != OPEN) {
					this.deferred.addAndGet(count);
					held = true;
				}
				else {
					request(count);
				}
				long more = unrequested.get();
				if (more != HANDING && asksAgain != null && asksAgain.getAsBoolean()) {
					// Leave what others asked meanwhile to the next asker, this thread
					// included: an asker that finds no one handing over takes the role
					unrequested.getAndAdd(-HANDING);
					left = true;
					break;
				}
				while (!unrequested.compareAndSet(more, (more == HANDING) ? 0 : HANDING)) {
					more = unrequested.get();
				}
				if (more == HANDING) {
					break;
				}
				count = more - HANDING;
			}
		}
		catch (RuntimeException | Error ex) {
			unrequested.getAndAdd(-HANDING);
			throw ex;
		}
		if (held && this.gate == OPEN) {
			releaseDeferred();
		}
		return left;
	}

	private void request(long count) {
		long left = count;
		while (left > 0) {
			int now = (int) Math.min(left, Integer.MAX_VALUE);
			left -= now;
			Source<Object>[] all = this.sources;
			int index = (all.length == 1) ? 0 : Math.floorMod(this.nextSource.getAndIncrement(), all.length);
			this.emitters[index].granted(now);
			all[index].request(now);
		}
	}

	/**
	 * Hands held-back demand to the sources again (after a resume or a rate-limit
	 * interval).
	 */
	void releaseDeferred() {
		long held = this.deferred.getAndSet(0);
		while (held > 0 && this.gate == OPEN) {
			int count = (int) Math.min(held, Integer.MAX_VALUE);
			held -= count;
			ask(count);
		}
		if (held > 0) {
			this.deferred.addAndGet(held);
		}
	}

	/**
	 * Closes the gate for a pause, and waits until no thread is inside a source's
	 * {@code request}: demand granted before it closed is held back, and whoever hands
	 * demand over after this returns finds the gate closed.
	 */
	void pause() {
		hold(PAUSED);
	}

	/** Closes the gate for good, as {@link #pause} does. */
	void close() {
		hold(CLOSED);
	}

	private void hold(int state) {
		this.gate = state;
		while (this.unrequested.get() != 0) {
			handOver(null);
			Thread.onSpinWait();
		}
	}

	/** Opens the gate again and hands over what it held back. */
	void resume() {
		this.gate = OPEN;
		releaseDeferred();
	}

	/**
	 * @return demand held back, not yet asked of the sources
	 */
	long deferred() {
		return this.deferred.get();
	}

}
