package dev.pipeline.eventrelay;

import dev.pipeline.core.SourceMetadata;
import dev.pipeline.eventrelay.grpc.Event;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of one message as a read-only view over its event, read when asked (see
 * {@link EventRelayMetadata} for the keys).
 */
final class EventMetadata extends SourceMetadata {

	/** Every key, in iteration order; shared by all instances. */
	private static final String[] KEYS = { EventRelayMetadata.ID, EventRelayMetadata.NAME, EventRelayMetadata.TOPIC,
			EventRelayMetadata.SOURCE, EventRelayMetadata.GROUP_KEY, EventRelayMetadata.REFERENCE_KEY,
			EventRelayMetadata.TRACE_KEY, EventRelayMetadata.USER_KEY, EventRelayMetadata.ANONYMOUS_KEY,
			EventRelayMetadata.OCCURRED_AT, EventRelayMetadata.CONTEXT, EventRelayMetadata.OFFSET,
			EventRelayMetadata.ERRORS, EventRelayMetadata.DATA_SCHEMA, EventRelayMetadata.PREV_ID,
			EventRelayMetadata.AVAILABLE_AT, EventRelayMetadata.TRACEPARENT, EventRelayMetadata.DESTINATION_ID };

	private final Event event;

	private final String destinationId;

	EventMetadata(Event event, String destinationId) {
		super(KEYS);
		this.event = event;
		this.destinationId = destinationId;
	}

	@Override
	public @Nullable Object get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		Event e = this.event;
		return switch (name) {
			case EventRelayMetadata.ID -> e.getId();
			case EventRelayMetadata.NAME -> e.getName();
			case EventRelayMetadata.TOPIC -> e.getTopic();
			case EventRelayMetadata.SOURCE -> e.getSource();
			case EventRelayMetadata.GROUP_KEY -> e.getGroupKey();
			case EventRelayMetadata.REFERENCE_KEY -> e.getReferenceKey();
			case EventRelayMetadata.TRACE_KEY -> e.getTraceKey();
			case EventRelayMetadata.USER_KEY -> e.getUserKey();
			case EventRelayMetadata.ANONYMOUS_KEY -> e.getAnonymousKey();
			case EventRelayMetadata.OCCURRED_AT -> EventRelayMetadata.instant(e.getOccurredAt());
			case EventRelayMetadata.CONTEXT -> e.getContextMap();
			case EventRelayMetadata.OFFSET -> e.getOffset();
			case EventRelayMetadata.ERRORS -> e.getErrorsList();
			case EventRelayMetadata.DATA_SCHEMA -> e.getDataSchema();
			case EventRelayMetadata.PREV_ID -> e.getPrevId();
			case EventRelayMetadata.AVAILABLE_AT -> EventRelayMetadata.instant(e.getAvailableAt());
			case EventRelayMetadata.TRACEPARENT ->
				EventRelayMetadata.isTraceparent(e.getTraceKey()) ? e.getTraceKey() : null;
			case EventRelayMetadata.DESTINATION_ID -> this.destinationId;
			default -> null;
		};
	}

}
