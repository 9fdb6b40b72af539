package dev.pipeline.eventrelay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * The metadata keys of a message from the EventRelay source, as in
 * {@code message.metadata().get(EventRelayMetadata.TOPIC)}: every field of the event
 * except {@code data}, which is the payload.
 *
 * <p>
 * The string fields, {@link #OFFSET}, {@link #CONTEXT} and {@link #ERRORS} are always
 * present (an empty string for a field the event does not have, as protobuf gives it).
 * {@link #OCCURRED_AT} and {@link #AVAILABLE_AT} are present when the event's timestamp
 * reads as an ISO-8601 date-time (without an offset, it is taken as UTC);
 * {@link #TRACEPARENT} when its trace key is a W3C {@code traceparent}.
 *
 * @since 0.2.0
 */
public final class EventRelayMetadata {

	/** The event's id, a {@code String}. */
	public static final String ID = "id";

	/** Its name, a {@code String}. */
	public static final String NAME = "name";

	/** Its topic, a {@code String}. */
	public static final String TOPIC = "topic";

	/** Its source, a {@code String}. */
	public static final String SOURCE = "source";

	/** Its group key, a {@code String}. */
	public static final String GROUP_KEY = "groupKey";

	/** Its reference key, a {@code String}. */
	public static final String REFERENCE_KEY = "referenceKey";

	/** Its trace key, a {@code String}. */
	public static final String TRACE_KEY = "traceKey";

	/** Its user key, a {@code String}. */
	public static final String USER_KEY = "userKey";

	/** Its anonymous key, a {@code String}. */
	public static final String ANONYMOUS_KEY = "anonymousKey";

	/** When it occurred, an {@link Instant}. */
	public static final String OCCURRED_AT = "occurredAt";

	/** Its context, a {@code Map<String, String>}. */
	public static final String CONTEXT = "context";

	/** Its offset in its topic, an {@code Integer}. */
	public static final String OFFSET = "offset";

	/** Its errors, a {@code List<String>}. */
	public static final String ERRORS = "errors";

	/** The schema of its data, a {@code String}. */
	public static final String DATA_SCHEMA = "dataSchema";

	/** The id of the event before it, a {@code String}. */
	public static final String PREV_ID = "prevId";

	/** When it becomes available, an {@link Instant}. */
	public static final String AVAILABLE_AT = "availableAt";

	/**
	 * Its trace key when that is a W3C {@code traceparent}, a {@code String}: where a
	 * framework's tracing continues the event's trace.
	 */
	public static final String TRACEPARENT = "traceparent";

	/** The destination it was pulled from, a {@code String}. */
	public static final String DESTINATION_ID = "destinationId";

	private EventRelayMetadata() {
	}

	/**
	 * Reads an EventRelay timestamp.
	 * @param text the timestamp, e.g. {@code 2026-12-06T10:15:30.123456Z}
	 * @return the instant, or {@code null} when the text is empty or not a date-time
	 */
	static @Nullable Instant instant(String text) {
		if (text.isEmpty()) {
			return null;
		}
		String iso = (text.length() > 10 && text.charAt(10) == ' ') ? text.substring(0, 10) + 'T' + text.substring(11)
				: text;
		try {
			return OffsetDateTime.parse(iso).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				return null;
			}
		}
	}

	/**
	 * Tells whether a trace key is a W3C {@code traceparent}:
	 * {@code version-traceid-parentid-flags}, lower-case hex, ids not all zeros.
	 * @param key the trace key
	 * @return whether it is one
	 */
	static boolean isTraceparent(String key) {
		if (key.length() != 55 || key.charAt(2) != '-' || key.charAt(35) != '-' || key.charAt(52) != '-'
				|| key.startsWith("ff")) {
			return false;
		}
		boolean traceZero = true;
		boolean parentZero = true;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (i == 2 || i == 35 || i == 52) {
				continue;
			}
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
			if (c != '0' && i > 2 && i < 35) {
				traceZero = false;
			}
			if (c != '0' && i > 35 && i < 52) {
				parentZero = false;
			}
		}
		return !traceZero && !parentZero;
	}

}
