package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.pipeline.eventrelay.grpc.Event;
import io.grpc.Status;

/**
 * An {@link EventRelayClient} that records each call and answers pulls when the test
 * says, on the test's thread.
 */
final class FakeClient implements EventRelayClient, EventRelayClient.Factory {

	final List<Integer> pulls = new CopyOnWriteArrayList<>();

	/** When each pull started ({@link System#nanoTime()}), by index in {@link #pulls}. */
	final List<Long> pullTimes = new CopyOnWriteArrayList<>();

	final List<List<String>> unlocks = new CopyOnWriteArrayList<>();

	final List<String> unlockedAtStop = Collections.synchronizedList(new ArrayList<>());

	private final ConcurrentLinkedDeque<Answer<List<Event>>> pending = new ConcurrentLinkedDeque<>();

	private int next;

	@Override
	public EventRelayClient open(Executor callbacks) {
		return this;
	}

	@Override
	public void pull(int batchSize, Answer<List<Event>> answer) {
		this.pullTimes.add(System.nanoTime());
		this.pulls.add(batchSize);
		this.pending.add(answer);
	}

	/**
	 * Answers the oldest pull in flight with {@code count} new events.
	 * @param count how many events
	 * @return their ids
	 */
	List<String> answer(int count) {
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = this.next++;
			events.add(Event.newBuilder().setId("e" + n).setData("{\"n\":" + n + "}").build());
		}
		this.pending.poll().completed(events);
		return events.stream().map(Event::getId).toList();
	}

	void fail(Status status) {
		this.pending.poll().failed(status);
	}

	int inFlight() {
		return this.pending.size();
	}

	@Override
	public void unlock(List<String> eventIds, Answer<Integer> answer) {
		this.unlocks.add(List.copyOf(eventIds));
		answer.completed(eventIds.size());
	}

	@Override
	public Status unlockNow(List<String> eventIds, Duration timeout) {
		this.unlockedAtStop.addAll(eventIds);
		return Status.OK;
	}

	@Override
	public void reconnectNow() {
	}

	@Override
	public String describe() {
		return "fake:1";
	}

	@Override
	public void close() {
	}

}
