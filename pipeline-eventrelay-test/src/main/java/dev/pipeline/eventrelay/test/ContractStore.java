package dev.pipeline.eventrelay.test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.eventrelay.grpc.Event;
import dev.pipeline.eventrelay.grpc.NewEvent;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * The state of a {@link ContractServer}: topics, their events, and per destination the
 * queue of events not yet pulled and the events locked by pulls. It outlives the gRPC
 * server, so a restarted server answers from the same state, as EventRelay's database
 * would.
 *
 * <p>
 * Thread-safe: each destination is guarded by its own lock, so pulls of different
 * destinations never wait for each other.
 */
final class ContractStore {

	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

	private volatile ContractServer.@Nullable PullObserver observer;

	void observe(ContractServer.@Nullable PullObserver pullObserver) {
		this.observer = pullObserver;
	}

	String createDestination(String topicName) {
		Topic topic = topic(topicName);
		Destination destination = new Destination(UUID.randomUUID().toString(), topicName);
		synchronized (topic) {
			synchronized (destination) {
				destination.queue.addAll(topic.events);
			}
			topic.destinations.add(destination);
		}
		this.destinations.put(destination.id, destination);
		return destination.id;
	}

	List<Event> publish(String topicName, List<NewEvent> events) {
		Topic topic = topic(topicName);
		List<Event> published = new ArrayList<>(events.size());
		synchronized (topic) {
			for (NewEvent event : events) {
				published.add(Event.newBuilder()
					.setId(UUID.randomUUID().toString())
					.setName(event.getName())
					.setTopic(topicName)
					.setData(event.getData())
					.setSource(event.getSource())
					.setGroupKey(event.getGroupKey())
					.setReferenceKey(event.getReferenceKey())
					.setTraceKey(event.getTraceKey())
					.setUserKey(event.getUserKey())
					.setAnonymousKey(event.getAnonymousKey())
					.setOccurredAt(event.getOccurredAt())
					.putAllContext(event.getContextMap())
					.setOffset(topic.events.size())
					.setDataSchema(event.getDataSchema())
					.setPrevId(event.getPrevId())
					.setAvailableAt(event.getAvailableAt())
					.build());
				topic.events.add(published.get(published.size() - 1));
			}
			for (Destination destination : topic.destinations) {
				synchronized (destination) {
					destination.queue.addAll(published);
				}
			}
		}
		return published;
	}

	List<Event> pull(String destinationId, int batchSize) {
		Destination destination = destination(destinationId);
		List<Event> events;
		int locked;
		synchronized (destination) {
			int count = Math.min(Math.max(batchSize, 0), destination.queue.size());
			events = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Event event = destination.queue.pollFirst();
				events.add(event);
				destination.locked.put(event.getId(), event);
			}
			destination.pulls++;
			destination.lockedTotal += count;
			locked = destination.locked.size();
			ContractServer.PullObserver current = this.observer;
			if (current != null) {
				current.pulled(destinationId, events.size(), locked);
			}
		}
		return events;
	}

	List<Event> unlock(String destinationId, List<String> eventIds) {
		Destination destination = destination(destinationId);
		List<Event> unlocked = new ArrayList<>(eventIds.size());
		synchronized (destination) {
			for (String id : eventIds) {
				Event event = destination.locked.remove(id);
				if (event != null) {
					unlocked.add(event);
				}
			}
			// Back at the head of the queue, in their order: the next pull returns them
			// first
			for (int i = unlocked.size() - 1; i >= 0; i--) {
				destination.queue.addFirst(unlocked.get(i));
			}
			destination.unlockedTotal += unlocked.size();
		}
		return unlocked;
	}

	int forget(String topicName) {
		Topic topic = this.topics.remove(topicName);
		if (topic == null) {
			return 0;
		}
		synchronized (topic) {
			for (Destination destination : topic.destinations) {
				this.destinations.remove(destination.id);
			}
			return topic.events.size();
		}
	}

	ContractServer.DestinationStats stats(String destinationId) {
		Destination destination = destination(destinationId);
		synchronized (destination) {
			return new ContractServer.DestinationStats(destination.queue.size(), destination.locked.size(),
					destination.pulls, destination.lockedTotal, destination.unlockedTotal);
		}
	}

	List<Event> locked(String destinationId) {
		Destination destination = destination(destinationId);
		synchronized (destination) {
			return List.copyOf(destination.locked.values());
		}
	}

	boolean hasDestination(String destinationId) {
		return this.destinations.containsKey(destinationId);
	}

	private Topic topic(String name) {
		return this.topics.computeIfAbsent(name, (key) -> new Topic());
	}

	private Destination destination(String id) {
		Destination destination = this.destinations.get(id);
		if (destination == null) {
			throw Status.NOT_FOUND.withDescription("no destination with id '" + id + "'").asRuntimeException();
		}
		return destination;
	}

	/** A topic: every event published to it, and the destinations that read it. */
	private static final class Topic {

		private final List<Event> events = new ArrayList<>();

		private final List<Destination> destinations = new CopyOnWriteArrayList<>();

	}

	/** A destination of type api: its queue and its locks. Guarded by itself. */
	private static final class Destination {

		private final String id;

		private final String topic;

		private final ArrayDeque<Event> queue = new ArrayDeque<>();

		private final Map<String, Event> locked = new LinkedHashMap<>();

		private long pulls;

		private long lockedTotal;

		private long unlockedTotal;

		Destination(String id, String topic) {
			this.id = id;
			this.topic = topic;
		}

		@Override
		public String toString() {
			return "Destination[" + this.id + ", topic " + this.topic + "]";
		}

	}

}
