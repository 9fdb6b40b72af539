package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import dev.pipeline.eventrelay.grpc.Event;
import io.grpc.Status;

/**
 * The calls an {@link EventRelaySource} makes to EventRelay, a seam so that the source's
 * logic can be tested with a fake. Asynchronous calls answer on the executor given to
 * {@link Factory#open}.
 */
interface EventRelayClient {

	/**
	 * Pulls and locks up to {@code batchSize} queued events of the destination.
	 * @param batchSize the most events to return, at least 1
	 * @param answer where the events, or the failure, go
	 */
	void pull(int batchSize, Answer<List<Event>> answer);

	/**
	 * Unlocks events of the destination, so that a later pull returns them again.
	 * @param eventIds their ids
	 * @param answer where the outcome goes
	 */
	void unlock(List<String> eventIds, Answer<Integer> answer);

	/**
	 * Unlocks events and waits for the answer.
	 * @param eventIds their ids
	 * @param timeout how long to wait
	 * @return the failure, or {@link Status#OK}
	 */
	Status unlockNow(List<String> eventIds, Duration timeout);

	/**
	 * Reconnects at the next call, whatever the transport's own back-off says.
	 */
	void reconnectNow();

	/**
	 * @return where it connects, e.g. {@code localhost:50051}
	 */
	String describe();

	/** Closes the connection; calls in flight fail. */
	void close();

	/**
	 * Receives the outcome of a call.
	 *
	 * @param <T> the type of a successful answer
	 */
	interface Answer<T> {

		/**
		 * @param value the answer
		 */
		void completed(T value);

		/**
		 * @param status why the call failed
		 */
		void failed(Status status);

	}

	/** Opens clients, one per source start. */
	interface Factory {

		/**
		 * @param callbacks where asynchronous answers run
		 * @return a new client
		 */
		EventRelayClient open(Executor callbacks);

	}

}
