package dev.pipeline.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;

/**
 * The acknowledgement of messages sent by a {@link PipelineTester}: completes when every
 * one of them has been acknowledged, and fails the test loudly if one is acknowledged
 * twice.
 *
 * @param <T> the type of the data
 * @since 0.1.0
 */
public final class TestAck<T> implements Acknowledger {

	/** How long {@link #await()} waits. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final int expected;

	private final List<Message<T>> succeeded = new ArrayList<>();

	private final List<Message<T>> failed = new ArrayList<>();

	private final List<Message<?>> seen = new ArrayList<>();

	private final CompletableFuture<AckResult<T>> done = new CompletableFuture<>();

	TestAck(int expected) {
		this.expected = expected;
		if (expected == 0) {
			this.done.complete(new AckResult<>(List.of(), List.of()));
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public synchronized void acknowledge(List<Message<?>> successful, List<Message<?>> failures) {
		for (Message<?> message : successful) {
			record(message);
			this.succeeded.add((Message<T>) message);
		}
		for (Message<?> message : failures) {
			record(message);
			this.failed.add((Message<T>) message);
		}
		if (this.succeeded.size() + this.failed.size() == this.expected) {
			this.done.complete(new AckResult<>(List.copyOf(this.succeeded), List.copyOf(this.failed)));
		}
	}

	/**
	 * Waits for every message sent to be acknowledged, for up to
	 * {@link #DEFAULT_TIMEOUT}.
	 * @return the succeeded and failed messages
	 * @throws AssertionError if they are not all acknowledged in time, or one was
	 * acknowledged twice
	 */
	public AckResult<T> await() {
		return await(DEFAULT_TIMEOUT);
	}

	/**
	 * Waits for every message sent to be acknowledged.
	 * @param timeout how long to wait
	 * @return the succeeded and failed messages
	 * @throws AssertionError if they are not all acknowledged in time, or one was
	 * acknowledged twice
	 */
	public AckResult<T> await(Duration timeout) {
		try {
			return this.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			synchronized (this) {
				throw new AssertionError("Expected " + this.expected + " messages to be acknowledged within " + timeout
						+ ", but " + (this.succeeded.size() + this.failed.size()) + " were (" + this.succeeded.size()
						+ " succeeded, " + this.failed.size() + " failed)");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for acknowledgements", ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError(ex.getCause().getMessage(), ex.getCause());
		}
	}

	/**
	 * @return whether every message sent has been acknowledged
	 */
	public boolean isDone() {
		return this.done.isDone();
	}

	private void record(Message<?> message) {
		for (Message<?> previous : this.seen) {
			if (previous.isSameAs(message)) {
				this.done.completeExceptionally(
						new AssertionError("Message " + message + " was acknowledged twice; it must be once"));
			}
		}
		this.seen.add(message);
	}

	@Override
	public String toString() {
		return "TestAck[" + this.expected + " messages]";
	}

}
