package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import io.grpc.Status;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source's pull loop and acknowledgement against a {@link FakeClient} that answers
 * when told to.
 */
class EventRelaySourceTests {

	private final FakeClient client = new FakeClient();

	private final List<Message<byte[]>> emitted = new CopyOnWriteArrayList<>();

	private EventRelaySource source;

	@AfterEach
	void stop() {
		if (this.source != null) {
			this.source.stop();
		}
	}

	private RecordingBackOff backOff = RecordingBackOff.repeating(10);

	private EventRelaySource start(EventRelaySourceSettings settings) {
		settings.setDestinationId("orders-api");
		EventRelaySources sources = new EventRelaySources(
				EventRelaySources.validate(settings, "orders", null, this.backOff), this.client);
		this.source = (EventRelaySource) sources.apply(0);
		this.source.start(new Emitter<>() {

			@Override
			public void emit(Message<byte[]> message) {
				EventRelaySourceTests.this.emitted.add(message);
			}

			@Override
			public void emit(List<Message<byte[]>> messages) {
				EventRelaySourceTests.this.emitted.addAll(messages);
			}

		});
		return this.source;
	}

	private EventRelaySource startWithMaxBatchSize(int size) {
		EventRelaySourceSettings settings = settings();
		settings.setMaxBatchSize(size);
		return start(settings);
	}

	private static EventRelaySourceSettings settings() {
		EventRelaySourceSettings settings = new EventRelaySourceSettings();
		settings.setPullInterval(Duration.ofHours(1));
		return settings;
	}

	@Nested
	class Demand {

		@Test
		void whenDemandArrivesThenOnePullAsksForItAndNoOtherStartsWhileItIsInFlight() {
			EventRelaySource source = start(settings());
			source.request(30);
			source.request(50);

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(30);
			assertThat(EventRelaySourceTests.this.client.inFlight()).isEqualTo(1);
		}

		@Test
		void whenAPullAnswersWithEventsThenTheyAreEmittedAndTheRestOfTheDemandIsPulledAfterTheLinger() {
			EventRelaySource source = start(settings());
			source.request(30);
			source.request(50);
			EventRelaySourceTests.this.client.answer(30);

			assertThat(EventRelaySourceTests.this.emitted).hasSize(30);
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 2);
			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(30, 50);
		}

		@Test
		void whenNoPullIsInFlightAndTheDemandIsUnderAFullBatchThenThePullWaitsForItToBeFull() {
			EventRelaySource source = startWithMaxBatchSize(100);
			source.request(200);
			EventRelaySourceTests.this.client.answer(100);
			EventRelaySourceTests.this.client.answer(100);
			long asked = System.nanoTime();
			source.request(50);
			source.request(50);

			FakeClient client = EventRelaySourceTests.this.client;
			// One full pull; or, when this thread stalled past the linger between the two
			// requests, a smaller pull, but not before the linger had passed
			List<Integer> later = List.copyOf(client.pulls.subList(2, client.pulls.size()));
			assertThat(later).satisfiesAnyOf((pulls) -> assertThat(pulls).isEqualTo(List.of(100)), (pulls) -> {
				assertThat(pulls.get(0)).isEqualTo(50);
				assertThat(client.pullTimes.get(2) - asked).isGreaterThanOrEqualTo(EventRelaySource.LINGER_NANOS);
			});
		}

		@Test
		void whenThePipelineDemandsLessThanMaxBatchSizeInAllThenAPullAsksForAllOfItAtOnce() {
			EventRelaySource source = start(settings());
			source.request(40);
			EventRelaySourceTests.this.client.answer(40);
			source.request(40);

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(40, 40);
		}

		@Test
		void whenTheDemandExceedsMaxBatchSizeThenAPullAsksForMaxBatchSizeAndASecondStartsAlongside() {
			EventRelaySource source = startWithMaxBatchSize(100);
			source.request(250);

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(100, 100);
			assertThat(EventRelaySourceTests.this.client.inFlight()).isEqualTo(2);
			EventRelaySourceTests.this.client.answer(100);
			assertThat(EventRelaySourceTests.this.client.pulls).as("under a full batch, while a pull is in flight")
				.containsExactly(100, 100);
			EventRelaySourceTests.this.client.answer(100);
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 3);
			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(100, 100, 50);
		}

		@Test
		void whenTheDemandIsManyBatchesThenNoMoreThanTwoPullsAreInFlight() {
			EventRelaySource source = startWithMaxBatchSize(100);
			source.request(1000);
			source.request(1000);

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(100, 100);
			assertThat(EventRelaySourceTests.this.client.inFlight()).isEqualTo(EventRelaySource.MAX_PULLS_IN_FLIGHT);
		}

		@Test
		void whenTheDemandLeftIsUnderMaxBatchSizeThenNoSecondPullStartsUntilItIs() {
			EventRelaySource source = startWithMaxBatchSize(100);
			source.request(149);
			source.request(50);
			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(100);
			source.request(1);

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(100, 100);
		}

		@Test
		void whenAPullFindsNoEventsThenTheNextWaitsForThePullInterval() {
			EventRelaySource source = start(settings());
			source.request(10);
			EventRelaySourceTests.this.client.answer(0);
			source.request(10);

			assertThat(EventRelaySourceTests.this.client.pulls).as("within the hour-long pull interval")
				.containsExactly(10);
		}

		@Test
		void whenThePullIntervalHasPassedThenTheWholeDemandIsPulled() {
			EventRelaySourceSettings settings = settings();
			settings.setPullInterval(Duration.ofMillis(20));
			EventRelaySource source = start(settings);
			source.request(10);
			EventRelaySourceTests.this.client.answer(0);
			source.request(5);

			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 2);
			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(10, 15);
			assertThat(source.stats().emptyPulls()).isEqualTo(1);
		}

		@Test
		void whenPausedThenNoPullStartsUntilResumed() {
			EventRelaySource source = start(settings());
			source.pause();
			source.request(10);
			assertThat(EventRelaySourceTests.this.client.pulls).isEmpty();
			source.resume();

			assertThat(EventRelaySourceTests.this.client.pulls).containsExactly(10);
		}

		@Test
		void whenPullsAnswerInPartsThenEventsAskedForAndHandedOnNeverExceedTheDemand() {
			EventRelaySource source = startWithMaxBatchSize(100);
			List<Integer> pulls = EventRelaySourceTests.this.client.pulls;
			long demanded = 0;
			long handedOn = 0;
			int answered = 0;
			for (int round = 0; round < 50; round++) {
				int ask = 30 + (round * 37) % 120;
				source.request(ask);
				demanded += ask;
				int asking = pulls.subList(answered, pulls.size()).stream().mapToInt(Integer::intValue).sum();
				assertThat(asking + handedOn).as("asked of EventRelay and not answered, plus handed on")
					.isLessThanOrEqualTo(demanded);
				assertThat(asking).isLessThanOrEqualTo(EventRelaySource.MAX_PULLS_IN_FLIGHT * 100);
				if (EventRelaySourceTests.this.client.inFlight() > 0) {
					// Half of what was asked for: the rest is given back to the demand
					EventRelaySourceTests.this.client.answer(pulls.get(answered++) / 2);
				}
				List<Message<?>> handled = new ArrayList<>(EventRelaySourceTests.this.emitted);
				EventRelaySourceTests.this.emitted.clear();
				handedOn += handled.size();
				if (!handled.isEmpty()) {
					handled.get(0).acknowledger().acknowledge(handled, List.of());
				}
				assertThat(source.stats().outstanding()).isZero();
			}
			assertThat(handedOn).isPositive();
		}

	}

	@Nested
	class Errors {

		@Test
		void whenAPullFailsThenTheSourceIsDownWithTheStatusAndPullsAgainAfterABackOffStep() {
			EventRelaySource source = start(settings());
			source.request(10);
			EventRelaySourceTests.this.client.fail(Status.PERMISSION_DENIED.withDescription("not a consumer key"));

			assertThat(source.connectionState().status()).isEqualTo(EventRelayConnectionState.Status.DOWN);
			assertThat(source.connectionState().code()).isEqualTo("PERMISSION_DENIED");
			assertThat(source.connectionState().description()).isEqualTo("not a consumer key");
			assertThat(source.isConnected()).isFalse();
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 2);
			EventRelaySourceTests.this.client.answer(10);
			assertThat(source.connectionState().isUp()).isTrue();
			assertThat(source.stats().pullFailures()).isEqualTo(1);
		}

		@Test
		void whenPullsFailThenTheWaitsAreTheBackOffsStepsAndASuccessfulPullStartsItAfresh() {
			RecordingBackOff backOff = RecordingBackOff.repeating(10, 20, 40);
			EventRelaySourceTests.this.backOff = backOff;
			EventRelaySource source = start(settings());
			source.request(10);
			for (int failure = 1; failure <= 3; failure++) {
				int pulls = failure;
				Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == pulls);
				EventRelaySourceTests.this.client.fail(Status.UNAVAILABLE.withDescription("connection refused"));
			}
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 4);
			assertThat(backOff.handedOut).containsExactly(10L, 20L, 40L);
			assertThat(backOff.started).hasValue(1);
			EventRelaySourceTests.this.client.answer(1);
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 5);
			EventRelaySourceTests.this.client.fail(Status.UNAVAILABLE.withDescription("connection refused"));
			Awaitility.await().until(() -> EventRelaySourceTests.this.client.pulls.size() == 6);
			assertThat(backOff.handedOut).as("a new execution after the successful pull")
				.containsExactly(10L, 20L, 40L, 10L);
			assertThat(backOff.started).hasValue(2);
		}

		@Test
		void whenTheBackOffStopsThenTheSourceStopsPulling() {
			EventRelaySourceTests.this.backOff = new RecordingBackOff();
			EventRelaySource source = start(settings());
			source.request(10);
			EventRelaySourceTests.this.client.fail(Status.UNAVAILABLE.withDescription("connection refused"));
			Awaitility.await()
				.during(Duration.ofMillis(200))
				.until(() -> EventRelaySourceTests.this.client.pulls.size() == 1);
			assertThat(source.isConnected()).isFalse();
		}

	}

	@Nested
	class Acknowledgement {

		@Test
		void whenMessagesSucceedThenNothingIsCalledAndNoneIsOutstanding() {
			EventRelaySource source = start(settings());
			source.request(3);
			EventRelaySourceTests.this.client.answer(3);
			settle(List.copyOf(EventRelaySourceTests.this.emitted), List.of());

			assertThat(EventRelaySourceTests.this.client.unlocks).isEmpty();
			assertThat(source.stats().outstanding()).isZero();
		}

		@Test
		void whenMessagesFailThenTheyAreUnlockedInOneCallExceptThoseAHandlerDiscarded() {
			EventRelaySource source = start(settings());
			source.request(4);
			List<String> ids = EventRelaySourceTests.this.client.answer(4);
			List<Message<?>> failed = new ArrayList<>();
			for (Message<byte[]> message : EventRelaySourceTests.this.emitted) {
				failed.add(message.failed("Stock service is down."));
			}
			failed.set(1,
					EventRelaySourceTests.this.emitted.get(1)
						.configureAck(EventRelayAckOption.onFailure(EventRelayFailureMode.DISCARD))
						.failed("Malformed."));
			settle(List.of(), failed);

			assertThat(EventRelaySourceTests.this.client.unlocks)
				.containsExactly(List.of(ids.get(0), ids.get(2), ids.get(3)));
			assertThat(source.stats().unlocked()).isEqualTo(3);
			assertThat(source.stats().discarded()).isEqualTo(1);
			assertThat(source.stats().outstanding()).isZero();
		}

		@Test
		void whenOnFailureIsDiscardThenFailedMessagesStayLocked() {
			EventRelaySourceSettings settings = settings();
			settings.setOnFailure(EventRelayFailureMode.DISCARD);
			EventRelaySource source = start(settings);
			source.request(2);
			EventRelaySourceTests.this.client.answer(2);
			List<Message<?>> failed = new ArrayList<>();
			for (Message<byte[]> message : EventRelaySourceTests.this.emitted) {
				failed.add(message.failed("No."));
			}
			settle(List.of(), failed);

			assertThat(EventRelaySourceTests.this.client.unlocks).isEmpty();
			assertThat(source.stats().discarded()).isEqualTo(2);
		}

		@Test
		void whenTheSourceStopsThenEveryOutstandingEventIsUnlockedAndLaterSettlementsAreIgnored() {
			EventRelaySource source = start(settings());
			source.request(5);
			List<String> ids = EventRelaySourceTests.this.client.answer(5);
			settle(List.of(EventRelaySourceTests.this.emitted.get(0)), List.of());
			source.stop();
			settle(List.of(), List.of(EventRelaySourceTests.this.emitted.get(1).failed("Late.")));

			assertThat(EventRelaySourceTests.this.client.unlockedAtStop)
				.containsExactlyInAnyOrderElementsOf(ids.subList(1, 5));
			assertThat(EventRelaySourceTests.this.client.unlocks).isEmpty();
			assertThat(source.stats().unlocked()).isEqualTo(4);
		}

		@Test
		void whenAPullAnswersAfterStopFetchingThenItsEventsAreUnlockedNotEmitted() {
			EventRelaySource source = start(settings());
			source.request(5);
			Thread answering = new Thread(() -> {
				Awaitility.await().until(() -> source.stats().pulls() == 1);
				EventRelaySourceTests.this.client.answer(5);
			});
			answering.start();
			source.stopFetching();

			assertThat(EventRelaySourceTests.this.emitted).isEmpty();
			assertThat(EventRelaySourceTests.this.client.unlocks).singleElement()
				.satisfies((ids) -> assertThat(ids).hasSize(5));
		}

		private void settle(List<Message<?>> successful, List<Message<?>> failed) {
			Message<?> any = successful.isEmpty() ? failed.get(0) : successful.get(0);
			any.acknowledger().acknowledge(successful, failed);
		}

	}

}
