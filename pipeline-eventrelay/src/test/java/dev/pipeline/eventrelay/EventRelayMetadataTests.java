package dev.pipeline.eventrelay;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pipeline.eventrelay.grpc.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata view over an event. */
class EventRelayMetadataTests {

	@Test
	void whenAnEventHasEveryFieldThenEachIsAMetadataEntry() {
		Event event = Event.newBuilder()
			.setId("e1")
			.setName("user.created")
			.setTopic("users")
			.setData("{}")
			.setSource("MyApp")
			.setGroupKey("g")
			.setReferenceKey("r")
			.setTraceKey("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.setUserKey("u")
			.setAnonymousKey("a")
			.setOccurredAt("2026-12-06T10:15:30.123456Z")
			.putContext("ip_address", "127.0.0.1")
			.setOffset(7)
			.addErrors("late")
			.setDataSchema("{\"type\":\"object\"}")
			.setPrevId("e0")
			.setAvailableAt("2026-12-06 10:16:00")
			.build();
		EventMetadata metadata = new EventMetadata(event, "d1");

		assertThat(metadata).containsExactly(Map.entry(EventRelayMetadata.ID, "e1"),
				Map.entry(EventRelayMetadata.NAME, "user.created"), Map.entry(EventRelayMetadata.TOPIC, "users"),
				Map.entry(EventRelayMetadata.SOURCE, "MyApp"), Map.entry(EventRelayMetadata.GROUP_KEY, "g"),
				Map.entry(EventRelayMetadata.REFERENCE_KEY, "r"),
				Map.entry(EventRelayMetadata.TRACE_KEY, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
				Map.entry(EventRelayMetadata.USER_KEY, "u"), Map.entry(EventRelayMetadata.ANONYMOUS_KEY, "a"),
				Map.entry(EventRelayMetadata.OCCURRED_AT, Instant.parse("2026-12-06T10:15:30.123456Z")),
				Map.entry(EventRelayMetadata.CONTEXT, Map.of("ip_address", "127.0.0.1")),
				Map.entry(EventRelayMetadata.OFFSET, 7), Map.entry(EventRelayMetadata.ERRORS, List.of("late")),
				Map.entry(EventRelayMetadata.DATA_SCHEMA, "{\"type\":\"object\"}"),
				Map.entry(EventRelayMetadata.PREV_ID, "e0"),
				Map.entry(EventRelayMetadata.AVAILABLE_AT, Instant.parse("2026-12-06T10:16:00Z")),
				Map.entry(EventRelayMetadata.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
				Map.entry(EventRelayMetadata.DESTINATION_ID, "d1"));
	}

	@Test
	void whenTheTraceKeyIsNotATraceparentThenThereIsNoTraceparentEntry() {
		EventMetadata metadata = new EventMetadata(Event.newBuilder().setTraceKey("order-42").build(), "d1");

		assertThat(metadata).containsEntry(EventRelayMetadata.TRACE_KEY, "order-42")
			.doesNotContainKey(EventRelayMetadata.TRACEPARENT);
	}

	@Test
	void whenTraceKeysAreCheckedThenOnlyWellFormedTraceparentsPass() {
		assertThat(EventRelayMetadata.isTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isTrue();
		assertThat(EventRelayMetadata.isTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
			.as("all-zero trace id")
			.isFalse();
		assertThat(EventRelayMetadata.isTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
			.as("upper case")
			.isFalse();
		assertThat(EventRelayMetadata.isTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.as("version ff")
			.isFalse();
	}

	@Test
	void whenTimestampsAreEmptyOrNotDateTimesThenTheyAreAbsent() {
		EventMetadata metadata = new EventMetadata(Event.newBuilder().setOccurredAt("yesterday").build(), "d1");

		assertThat(metadata).doesNotContainKeys(EventRelayMetadata.OCCURRED_AT, EventRelayMetadata.AVAILABLE_AT);
		assertThat(EventRelayMetadata.instant("2026-12-06T11:15:30+01:00"))
			.isEqualTo(Instant.parse("2026-12-06T10:15:30Z"));
	}

}
