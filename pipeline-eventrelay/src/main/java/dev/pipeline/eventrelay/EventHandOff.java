package dev.pipeline.eventrelay;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.eventrelay.grpc.Event;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the events of one answer of an {@link EventRelaySource} to the pipeline: as many
 * as the pull asked for become messages settled by the source's
 * {@link EventAcknowledger}; those beyond, and all of them once the source stopped
 * fetching, are given back (unlocked) at once; a batch the pipeline does not take is
 * unlocked too.
 *
 * <p>
 * Threads: runs on the source's thread, outside its lock.
 */
final class EventHandOff {

	private static final Logger logger = LoggerFactory.getLogger(EventRelaySource.class);

	private final String name;

	private final String destinationId;

	EventHandOff(String name, String destinationId) {
		this.name = name;
		this.destinationId = destinationId;
	}

	/**
	 * @param events the answer
	 * @param count how many of them the pull asked for
	 * @param target where they go, or {@code null} once the source stopped fetching
	 * @param settling the source's acknowledger, {@code null} before it started
	 * @param nextPull run once the events are accounted for and before they are emitted
	 */
	void handOn(List<Event> events, int count, @Nullable Emitter<byte[]> target, @Nullable EventAcknowledger settling,
			Runnable nextPull) {
		if (settling == null) {
			return;
		}
		if (count < events.size()) {
			// More than asked for: never emitted beyond demand, so given back
			settling.giveBack(events.subList(count, events.size()).stream().map(Event::getId).toList());
		}
		PulledBatch pulled = new PulledBatch((count < events.size()) ? events.subList(0, count) : events);
		if (target == null) {
			// The source stopped fetching while the pull was in flight
			List<String> ids = new ArrayList<>(count);
			pulled.settleRest(ids);
			settling.giveBack(ids);
			return;
		}
		nextPull.run();
		emit(target, settling, pulled, events, count);
	}

	private void emit(Emitter<byte[]> target, EventAcknowledger settling, PulledBatch pulled, List<Event> events,
			int count) {
		List<Message<byte[]>> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Event event = events.get(i);
			messages.add(Message.of(event.getDataBytes().toByteArray(), new EventMetadata(event, this.destinationId),
					settling, new EventAck(pulled, i, null)));
		}
		settling.emitting(pulled);
		try {
			target.emit(messages);
		}
		catch (RuntimeException ex) {
			logger.error("{} could not hand {} events to the pipeline; unlocking them", this.name, count, ex);
			settling.acknowledge(List.of(), failedCopies(messages));
		}
	}

	private static List<Message<?>> failedCopies(List<Message<byte[]>> messages) {
		List<Message<?>> failed = new ArrayList<>(messages.size());
		for (Message<byte[]> message : messages) {
			failed.add(message.failed("The pipeline did not take the event."));
		}
		return failed;
	}

}
