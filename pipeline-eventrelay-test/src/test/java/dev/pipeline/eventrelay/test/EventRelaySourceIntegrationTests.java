package dev.pipeline.eventrelay.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.Pipeline;
import dev.pipeline.eventrelay.EventRelayAckOption;
import dev.pipeline.eventrelay.EventRelayConnectionState;
import dev.pipeline.eventrelay.EventRelayFailureMode;
import dev.pipeline.eventrelay.EventRelayMetadata;
import dev.pipeline.eventrelay.EventRelaySourceSettings;
import dev.pipeline.eventrelay.EventRelaySourceStats;
import dev.pipeline.eventrelay.EventRelaySources;
import dev.pipeline.eventrelay.grpc.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EventRelay source in a pipeline built in plain Java, against a contract server over
 * a real gRPC channel: Netty on loopback, mutual TLS with generated certificates, a
 * bearer token. Each test counts what was published, handled, unlocked and left locked.
 */
class EventRelaySourceIntegrationTests {

	private Contract contract;

	private Pipeline<byte[]> pipeline;

	@BeforeEach
	void startServer() {
		this.contract = Contract.start();
	}

	@AfterEach
	void stop() {
		if (this.pipeline != null) {
			this.pipeline.drain(Duration.ofSeconds(10));
		}
		this.contract.close();
	}

	private EventRelaySources start(String name, EventRelaySourceSettings settings, int concurrency, int maxDemand,
			MessageHandler<byte[]> handler) {
		EventRelaySources sources = this.contract.sources(name, settings);
		this.pipeline = Pipeline.create(Pipeline.<byte[]>builder(name)
			.sources(1, sources)
			.processors((p) -> p.concurrency(concurrency).maxDemand(maxDemand))
			.onMessage(handler)
			.shutdownTimeout(Duration.ofSeconds(10))
			.build());
		this.pipeline.start();
		return sources;
	}

	/** The numbers of the events counted other than once, with their counts. */
	private static java.util.Map<Integer, Integer> notOnce(AtomicIntegerArray counts) {
		java.util.Map<Integer, Integer> wrong = new java.util.TreeMap<>();
		for (int i = 0; i < counts.length(); i++) {
			if (counts.get(i) != 1) {
				wrong.put(i, counts.get(i));
			}
		}
		return wrong;
	}

	@Nested
	class Delivery {

		@Test
		void whenOneHundredThousandEventsArePublishedThenEachIsHandledOnceAndNoneIsLeftLockedUnhandled() {
			int n = 100_000;
			int concurrency = 2;
			int maxDemand = 100;
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("readings");
			EventRelaySourceIntegrationTests.this.contract.publish("readings", n);
			AtomicIntegerArray counts = new AtomicIntegerArray(n);
			AtomicLong handled = new AtomicLong();
			AtomicInteger mostUnhandled = new AtomicInteger();
			// Inside the destination's lock: locked now, minus handled now, is what the
			// pipeline holds
			EventRelaySourceIntegrationTests.this.contract.server.onPull((id, returned, locked) -> mostUnhandled
				.accumulateAndGet((int) (locked - handled.get()), Math::max));
			EventRelaySourceSettings settings = EventRelaySourceIntegrationTests.this.contract.settings(destination);
			EventRelaySources sources = start("readings", settings, concurrency, maxDemand, (message) -> {
				counts.incrementAndGet(Contract.number(message.data()));
				handled.incrementAndGet();
				return message;
			});
			Contract.await().until(() -> handled.get() >= n);
			DrainResult drained = EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofSeconds(10));

			assertThat(drained.completed()).isTrue();
			assertThat(handled.get()).isEqualTo(n);
			assertThat(notOnce(counts)).as("events not handled exactly once").isEmpty();
			ContractServer.DestinationStats server = EventRelaySourceIntegrationTests.this.contract.server
				.stats(destination);
			assertThat(server.queued()).isZero();
			assertThat(server.locked()).as("locked, hence consumed, events").isEqualTo(n);
			assertThat(server.unlockedTotal()).isZero();
			EventRelaySourceStats stats = sources.stats();
			assertThat(stats.received()).isEqualTo(n);
			assertThat(stats.outstanding()).isZero();
			assertThat(stats.pulls()).as("pulls of at most max-batch-size").isGreaterThanOrEqualTo(n / 500);
			assertThat(mostUnhandled.get()).as("locked but unhandled, at most processors x max-demand")
				.isPositive()
				.isLessThanOrEqualTo(concurrency * maxDemand);
		}

		@Test
		void whenAnEventIsPulledThenItsFieldsAreTheMessagesMetadata() {
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("users");
			String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
			EventRelaySourceIntegrationTests.this.contract.server.publish("users",
					List.of(dev.pipeline.eventrelay.grpc.NewEvent.newBuilder()
						.setName("user.created")
						.setData("{\"first_name\":\"Bill\"}")
						.setSource("MyApp")
						.setTraceKey(traceparent)
						.setOccurredAt("2026-12-06T10:15:30.123456Z")
						.putContext("ip_address", "127.0.0.1")
						.build()));
			ConcurrentHashMap<String, Message<byte[]>> seen = new ConcurrentHashMap<>();
			start("users", EventRelaySourceIntegrationTests.this.contract.settings(destination), 1, 10, (message) -> {
				seen.put("only", message);
				return message;
			});
			Contract.await().until(() -> seen.containsKey("only"));
			Message<byte[]> message = seen.get("only");

			assertThat(new String(message.data(), java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo("{\"first_name\":\"Bill\"}");
			assertThat(message.metadata()).containsEntry(EventRelayMetadata.NAME, "user.created")
				.containsEntry(EventRelayMetadata.TOPIC, "users")
				.containsEntry(EventRelayMetadata.SOURCE, "MyApp")
				.containsEntry(EventRelayMetadata.TRACEPARENT, traceparent)
				.containsEntry(EventRelayMetadata.OCCURRED_AT, java.time.Instant.parse("2026-12-06T10:15:30.123456Z"))
				.containsEntry(EventRelayMetadata.CONTEXT, java.util.Map.of("ip_address", "127.0.0.1"))
				.containsEntry(EventRelayMetadata.OFFSET, 0)
				.containsEntry(EventRelayMetadata.DESTINATION_ID, destination)
				.containsKey(EventRelayMetadata.ID);
		}

	}

	@Nested
	class PullsInFlight {

		@Test
		void whenHandlersKeepUpThenTwoPullsAreInFlightAtOnceAndNeverMore() {
			EventRelaySourceIntegrationTests.this.contract.close();
			EventRelaySourceIntegrationTests.this.contract = Contract.start(Duration.ofMillis(20));
			ContractServer server = EventRelaySourceIntegrationTests.this.contract.server;
			int n = 5_000;
			String destination = server.createDestination("readings");
			EventRelaySourceIntegrationTests.this.contract.publish("readings", n);
			AtomicIntegerArray counts = new AtomicIntegerArray(n);
			AtomicLong handled = new AtomicLong();
			EventRelaySourceSettings settings = EventRelaySourceIntegrationTests.this.contract.settings(destination);
			settings.setMaxBatchSize(100);
			start("readings", settings, 2, 100, (message) -> {
				counts.incrementAndGet(Contract.number(message.data()));
				handled.incrementAndGet();
				return message;
			});
			Contract.await().until(() -> handled.get() >= n);

			assertThat(notOnce(counts)).as("events not handled exactly once").isEmpty();
			assertThat(server.mostPullsInFlight()).as("pulls the server held at once").isEqualTo(2);
		}

		@Test
		void whenHandlersAreSlowThenEventsLockedAndNotHandledNeverExceedTheDemand() {
			int n = 2_000;
			int concurrency = 2;
			int maxDemand = 50;
			ContractServer server = EventRelaySourceIntegrationTests.this.contract.server;
			String destination = server.createDestination("readings");
			EventRelaySourceIntegrationTests.this.contract.publish("readings", n);
			AtomicLong handled = new AtomicLong();
			AtomicInteger mostUnhandled = new AtomicInteger();
			server.onPull((id, returned, locked) -> mostUnhandled.accumulateAndGet((int) (locked - handled.get()),
					Math::max));
			Semaphore permits = new Semaphore(0);
			start("readings", EventRelaySourceIntegrationTests.this.contract.settings(destination), concurrency,
					maxDemand, (message) -> {
						permits.acquireUninterruptibly();
						handled.incrementAndGet();
						return message;
					});
			try {
				for (int released = 25; released <= n; released += 25) {
					long target = released;
					permits.release(25);
					Contract.await().until(() -> handled.get() >= target);
				}
			}
			finally {
				permits.release(n);
			}

			assertThat(handled.get()).isEqualTo(n);
			assertThat(server.stats(destination).pulls()).as("pulls made while handlers lagged").isGreaterThan(2);
			assertThat(mostUnhandled.get()).as("locked but unhandled, at most processors x max-demand")
				.isPositive()
				.isLessThanOrEqualTo(concurrency * maxDemand);
		}

	}

	@Nested
	class Failures {

		@Test
		void whenHandlingFailsThenTheEventIsUnlockedAndDeliveredAgainUntilItSucceeds() {
			int n = 2_000;
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("orders");
			EventRelaySourceIntegrationTests.this.contract.publish("orders", n);
			AtomicIntegerArray attempts = new AtomicIntegerArray(n);
			AtomicIntegerArray successes = new AtomicIntegerArray(n);
			AtomicLong succeeded = new AtomicLong();
			EventRelaySources sources = start("orders",
					EventRelaySourceIntegrationTests.this.contract.settings(destination), 2, 50, (message) -> {
						int number = Contract.number(message.data());
						// Every third event fails twice before it succeeds
						if (number % 3 == 0 && attempts.incrementAndGet(number) <= 2) {
							return message.failed("Stock service is down.");
						}
						successes.incrementAndGet(number);
						succeeded.incrementAndGet();
						return message;
					});
			Contract.await().until(() -> succeeded.get() >= n);
			EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofSeconds(10));

			int failing = (n + 2) / 3;
			assertThat(notOnce(successes)).as("events that did not succeed exactly once").isEmpty();
			assertThat(sources.stats().unlocked()).as("failures unlocked").isEqualTo(2L * failing);
			ContractServer.DestinationStats server = EventRelaySourceIntegrationTests.this.contract.server
				.stats(destination);
			assertThat(server.unlockedTotal()).isEqualTo(2L * failing);
			assertThat(server.lockedTotal()).as("pulled, redeliveries included").isEqualTo(n + 2L * failing);
			assertThat(server.locked()).isEqualTo(n);
			assertThat(server.queued()).isZero();
		}

		@Test
		void whenAHandlerDiscardsAFailedEventThenItStaysLockedAndIsNotDeliveredAgain() {
			int n = 300;
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("payments");
			EventRelaySourceIntegrationTests.this.contract.publish("payments", n);
			AtomicIntegerArray handlings = new AtomicIntegerArray(n);
			AtomicLong settled = new AtomicLong();
			EventRelaySources sources = start("payments",
					EventRelaySourceIntegrationTests.this.contract.settings(destination), 2, 20, (message) -> {
						int number = Contract.number(message.data());
						handlings.incrementAndGet(number);
						settled.incrementAndGet();
						if (number % 10 == 0) {
							return message.configureAck(EventRelayAckOption.onFailure(EventRelayFailureMode.DISCARD))
								.failed("Malformed payment.");
						}
						return message;
					});
			Contract.await().until(() -> settled.get() >= n && sources.stats().outstanding() == 0);
			EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofSeconds(10));

			assertThat(notOnce(handlings)).as("events not handled exactly once").isEmpty();
			assertThat(sources.stats().discarded()).isEqualTo(n / 10);
			assertThat(sources.stats().unlocked()).isZero();
			assertThat(EventRelaySourceIntegrationTests.this.contract.server.stats(destination).locked()).isEqualTo(n);
		}

	}

	@Nested
	class Drain {

		@Test
		void whenADrainRunsOutOfTimeThenTheFetchedUnhandledEventsAreUnlockedAndASecondPipelineGetsThem()
				throws InterruptedException {
			int n = 5_000;
			ContractServer server = EventRelaySourceIntegrationTests.this.contract.server;
			String destination = server.createDestination("shipments");
			EventRelaySourceIntegrationTests.this.contract.publish("shipments", n);
			AtomicLong handledByFirst = new AtomicLong();
			CountDownLatch never = new CountDownLatch(1);
			EventRelaySourceSettings settings = EventRelaySourceIntegrationTests.this.contract.settings(destination);
			EventRelaySources first = start("shipments", settings, 2, 50, (message) -> {
				// After 1,000 events the handlers hang: what is fetched from then on is
				// not handled
				if (handledByFirst.incrementAndGet() > 1_000) {
					never.await(60, TimeUnit.SECONDS);
				}
				return message;
			});
			Contract.await().until(() -> handledByFirst.get() > 1_000 && first.stats().outstanding() > 2);
			DrainResult drained = EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofMillis(300));
			EventRelaySourceStats after = first.stats();
			Set<String> consumedByFirst = ids(server.locked(destination));

			assertThat(drained.completed()).isFalse();
			assertThat(after.unlocked()).as("unlocked: fetched and not acknowledged")
				.isPositive()
				.isEqualTo(after.received() - consumedByFirst.size())
				.as("at most processors x max-demand")
				.isLessThanOrEqualTo(2 * 50);
			assertThat(server.stats(destination).unlockedTotal()).isEqualTo(after.unlocked());
			assertThat(after.stranded()).isZero();

			ConcurrentHashMap<String, AtomicInteger> handledBySecond = new ConcurrentHashMap<>();
			start("shipments", settings, 2, 50, (message) -> {
				handledBySecond
					.computeIfAbsent((String) message.metadata().get(EventRelayMetadata.ID),
							(id) -> new AtomicInteger())
					.incrementAndGet();
				return message;
			});
			Contract.await().until(() -> consumedByFirst.size() + handledBySecond.size() >= n);
			EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofSeconds(10));
			never.countDown();

			Set<String> all = ids(server.locked(destination));
			Set<String> lost = new HashSet<>(all);
			lost.removeAll(consumedByFirst);
			lost.removeAll(handledBySecond.keySet());
			Set<String> duplicated = new HashSet<>(consumedByFirst);
			duplicated.retainAll(handledBySecond.keySet());
			assertThat(all).hasSize(n);
			assertThat(lost).as("lost").isEmpty();
			assertThat(duplicated).as("acknowledged by the first pipeline and handled by the second").isEmpty();
			assertThat(handledBySecond.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
			assertThat(handledBySecond).hasSize(n - consumedByFirst.size());
		}

		private Set<String> ids(List<Event> events) {
			Set<String> ids = new HashSet<>();
			for (Event event : events) {
				ids.add(event.getId());
			}
			return ids;
		}

	}

	@Nested
	class Connection {

		@Test
		void whenTheServerRestartsMidStreamThenTheSourceRecoversByItself() throws Exception {
			int n = 20_000;
			ContractServer server = EventRelaySourceIntegrationTests.this.contract.server;
			String destination = server.createDestination("sensors");
			EventRelaySourceIntegrationTests.this.contract.publish("sensors", n);
			AtomicIntegerArray counts = new AtomicIntegerArray(n);
			AtomicLong handled = new AtomicLong();
			EventRelaySources sources = start("sensors",
					EventRelaySourceIntegrationTests.this.contract.settings(destination), 2, 50, (message) -> {
						counts.incrementAndGet(Contract.number(message.data()));
						handled.incrementAndGet();
						return message;
					});
			Contract.await().until(() -> handled.get() >= 5_000);
			server.stop();
			Contract.await().until(() -> sources.connectionState().status() == EventRelayConnectionState.Status.DOWN);
			assertThat(sources.connectionState().code()).isEqualTo("UNAVAILABLE");
			assertThat(EventRelaySourceIntegrationTests.this.pipeline.isConnected()).isFalse();
			server.start();
			Contract.await().until(() -> handled.get() >= n);
			EventRelaySourceIntegrationTests.this.pipeline.drain(Duration.ofSeconds(10));

			assertThat(notOnce(counts)).as("events not handled exactly once").isEmpty();
			assertThat(sources.connectionState().isUp()).isTrue();
			assertThat(sources.stats().pullFailures()).isPositive();
			assertThat(server.stats(destination).locked()).isEqualTo(n);
		}

		@Test
		void whenTheTokenIsWrongThenTheSourceIsDownWithUnauthenticatedAndStartUpDoesNotWait() {
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("audit");
			EventRelaySourceIntegrationTests.this.contract.publish("audit", 10);
			EventRelaySourceSettings settings = EventRelaySourceIntegrationTests.this.contract.settings(destination);
			settings.setToken("not-the-token");
			AtomicLong handled = new AtomicLong();
			long before = System.nanoTime();
			EventRelaySources sources = start("audit", settings, 1, 10, (message) -> {
				handled.incrementAndGet();
				return message;
			});
			Duration startUp = Duration.ofNanos(System.nanoTime() - before);

			assertThat(startUp).isLessThan(settings.getDeadline());
			Contract.await().until(() -> sources.connectionState().status() == EventRelayConnectionState.Status.DOWN);
			assertThat(sources.connectionState().code()).isEqualTo("UNAUTHENTICATED");
			assertThat(sources.connectionState().description()).isEqualTo("the bearer token is not an active API key");
			assertThat(EventRelaySourceIntegrationTests.this.pipeline.isConnected()).isFalse();
			Contract.await().until(() -> sources.stats().pullFailures() >= 2);
			assertThat(handled.get()).isZero();
			assertThat(EventRelaySourceIntegrationTests.this.contract.server.stats(destination).locked()).isZero();
		}

		@Test
		void whenTheTokenMayOnlyPublishThenTheSourceIsDownWithPermissionDeniedAndNothingIsLocked() {
			String destination = EventRelaySourceIntegrationTests.this.contract.server.createDestination("billing");
			EventRelaySourceIntegrationTests.this.contract.publish("billing", 10);
			EventRelaySourceSettings settings = EventRelaySourceIntegrationTests.this.contract.settings(destination);
			settings.setToken(Contract.PUBLISH_ONLY_TOKEN);
			AtomicLong handled = new AtomicLong();
			long before = System.nanoTime();
			EventRelaySources sources = start("billing", settings, 1, 10, (message) -> {
				handled.incrementAndGet();
				return message;
			});
			Duration startUp = Duration.ofNanos(System.nanoTime() - before);

			assertThat(startUp).isLessThan(settings.getDeadline());
			Contract.await().until(() -> sources.connectionState().status() == EventRelayConnectionState.Status.DOWN);
			assertThat(sources.connectionState().code()).isEqualTo("PERMISSION_DENIED");
			assertThat(sources.connectionState().description()).isEqualTo("the API key may only publish");
			assertThat(EventRelaySourceIntegrationTests.this.pipeline.isConnected()).isFalse();
			Contract.await().until(() -> sources.stats().pullFailures() >= 2);
			assertThat(handled.get()).isZero();
			assertThat(EventRelaySourceIntegrationTests.this.contract.server.stats(destination).locked()).isZero();
			assertThat(EventRelaySourceIntegrationTests.this.contract.server.stats(destination).queued()).isEqualTo(10);
		}

	}

}
