package dev.pipeline.rabbitmq;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.pipeline.rabbitmq.FakeRabbitClient.FakeChannel;
import dev.pipeline.rabbitmq.FakeRabbitClient.Frame;
import dev.pipeline.core.Message;
import dev.pipeline.core.Source;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The source's logic against a fake broker: demand, grouping, failure modes, loss, drain.
 */
class RabbitSourceTests {

	private final FakeRabbitClient client = new FakeRabbitClient();

	private final RecordingEmitter emitter = new RecordingEmitter();

	private final RecordingBackOff reconnect = new RecordingBackOff(10, 20, 40);

	private RabbitSource source;

	@BeforeEach
	void start() {
		this.source = startSource(AckMode.REJECT);
	}

	private RabbitSource startSource(AckMode onFailure) {
		return startSource(onFailure, Duration.ZERO);
	}

	private RabbitSource startSource(AckMode onFailure, Duration linger) {
		RabbitSource started = new RabbitSource(this.client,
				new SourceSettings("orders", 100, AckMode.ACK, onFailure, "pipeline-orders-0", this.reconnect, linger));
		started.start(this.emitter);
		return started;
	}

	private FakeChannel channel() {
		return this.client.last();
	}

	private void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
		successful.get(0).acknowledger().acknowledge(successful, failed);
	}

	private Message<?> emitted(int index) {
		return this.emitter.emitted.get(index);
	}

	@Nested
	class Demand {

		@Test
		void whenStartedThenTheChannelHasThePrefetchAndAConsumer() {
			assertThat(channel().prefetch).isEqualTo(100);
			assertThat(channel().consumerTag).isEqualTo("pipeline-orders-0-1");
			assertThat(RabbitSourceTests.this.source.isConnected()).isTrue();
			assertThat(RabbitSourceTests.this.source.describe()).isEqualTo("rabbitmq: orders");
		}

		@Test
		void whenMoreIsDeliveredThanRequestedThenTheRestIsHeldUntilDemandArrives() {
			RabbitSourceTests.this.source.request(3);
			channel().deliver(10);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(3);
			RabbitSourceTests.this.source.request(5);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(8);
			RabbitSourceTests.this.source.request(5);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(10);
			assertThat(RabbitSourceTests.this.emitter.emitted).extracting((m) -> new String(m.data()))
				.startsWith("m1", "m2", "m3")
				.endsWith("m10");
		}

		@Test
		void whenDemandArrivesBeforeDeliveriesThenTheyAreEmittedAsTheyArrive() {
			RabbitSourceTests.this.source.request(4);
			channel().deliver(2);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(2);
			channel().deliver(5);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(4);
		}

		@Test
		void whenPausedThenDeliveriesAreHeldUntilResumed() {
			RabbitSourceTests.this.source.request(10);
			RabbitSourceTests.this.source.pause();
			channel().deliver(4);
			assertThat(RabbitSourceTests.this.emitter.emitted).isEmpty();
			RabbitSourceTests.this.source.resume();
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(4);
		}

	}

	@Nested
	class Metadata {

		@Test
		void whenDeliveredThenTheMessageCarriesEnvelopeAndProperties() {
			RabbitSourceTests.this.source.request(1);
			channel().deliver("hello".getBytes(), true, Map.of("tenant", "acme"));
			Map<String, Object> metadata = emitted(0).metadata();
			assertThat(metadata).containsEntry(RabbitMetadata.ROUTING_KEY, "orders.created")
				.containsEntry(RabbitMetadata.EXCHANGE, "orders.exchange")
				.containsEntry(RabbitMetadata.DELIVERY_TAG, 1L)
				.containsEntry(RabbitMetadata.REDELIVERED, true)
				.containsEntry(RabbitMetadata.MESSAGE_ID, "id-1")
				.containsEntry(RabbitMetadata.CONTENT_TYPE, "text/plain")
				.containsEntry(RabbitMetadata.CORRELATION_ID, "corr")
				.containsEntry(RabbitMetadata.HEADERS, Map.of("tenant", "acme"))
				.doesNotContainKey(RabbitMetadata.TIMESTAMP)
				.hasSize(8)
				.isEqualTo(Map.copyOf(metadata));
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> metadata.put(RabbitMetadata.ROUTING_KEY, "other"));
		}

		@Test
		void whenAMessageHasNoHeadersThenItsHeadersAreEmpty() {
			RabbitSourceTests.this.source.request(1);
			channel().deliver("hello".getBytes(), false, Map.of());
			assertThat(emitted(0).metadata()).containsEntry(RabbitMetadata.HEADERS, Map.of())
				.containsEntry(RabbitMetadata.REDELIVERED, false);
		}

		@Test
		void whenThePublisherSetNoPropertiesThenTheMessageStillHasEveryEnvelopeKeyAndEmptyHeaders() {
			Map<String, Object> metadata = RabbitMetadata.of(new Envelope(7, false, "", "orders"),
					new AMQP.BasicProperties());
			assertThat(metadata).containsOnlyKeys(RabbitMetadata.HEADERS, RabbitMetadata.ROUTING_KEY,
					RabbitMetadata.EXCHANGE, RabbitMetadata.DELIVERY_TAG, RabbitMetadata.REDELIVERED);
			assertThat(metadata).containsEntry(RabbitMetadata.HEADERS, Map.of())
				.containsEntry(RabbitMetadata.EXCHANGE, "")
				.containsEntry(RabbitMetadata.ROUTING_KEY, "orders")
				.containsEntry(RabbitMetadata.DELIVERY_TAG, 7L)
				.containsEntry(RabbitMetadata.REDELIVERED, false);
		}

	}

	/**
	 * The linger without a thread of the source's: the test thread plays the idle
	 * processor that leans on the source ({@code linger()}) and comes back.
	 */
	@Nested
	class Linger {

		/** Replaces the test's source with one that lingers. */
		private RabbitSource lingering(Duration linger) {
			RabbitSourceTests.this.source.stop();
			return startSource(AckMode.REJECT, linger);
		}

		@Test
		void whenAProcessorLeansOnTheSourceThenDeliveriesThatArriveCloseTogetherWaitForItAndGoTogether() {
			RabbitSource lingering = lingering(Duration.ofSeconds(2));
			lingering.request(10);
			channel().deliver(1);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			long until = lingering.linger();
			assertThat(until - System.nanoTime()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(4).toNanos());
			channel().deliver(2);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			lingering.linger();
			assertThat(RabbitSourceTests.this.emitter.emitted)
				.extracting((m) -> m.metadata().get(RabbitMetadata.DELIVERY_TAG))
				.containsExactly(1L, 2L, 3L);
			lingering.stop();
		}

		@Test
		void whenNoDeliveryFollowsAHeldGroupThenTheLeaningProcessorTakesItTwoLingersAfterItStarted() {
			Duration linger = Duration.ofMillis(200);
			RabbitSource lingering = lingering(linger);
			lingering.request(50);
			// The first delivery goes at once; the two after it are the group
			channel().deliver(1);
			long before = System.nanoTime();
			channel().deliver(2);
			long delivered = System.nanoTime();
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			long until = lingering.linger();
			assertThat(until - before).isGreaterThanOrEqualTo(2 * linger.toNanos());
			assertThat(until - delivered).isLessThanOrEqualTo(2 * linger.toNanos());
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			awaitNanos(until);
			lingering.linger();
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(3);
			lingering.stop();
		}

		@Test
		void whenTheNextDeliveryWouldComeAfterTheGroupsLingerThenADeliveryHandsTheGroupOverBeforeTheLeaningProcessorComesBack() {
			Duration linger = Duration.ofSeconds(1);
			RabbitSource lingering = lingering(linger);
			lingering.request(50);
			channel().deliver(1);
			long leaned = lingering.linger();
			channel().deliver(1);
			long start = System.nanoTime();
			// At this pace the next delivery would come after the group's linger: it goes
			awaitNanos(start + linger.toNanos() * 3 / 10);
			channel().deliver(1);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			awaitNanos(start + linger.toNanos() * 7 / 10);
			channel().deliver(1);
			assertThat(System.nanoTime()).isLessThan(leaned);
			assertThat(RabbitSourceTests.this.emitter.emitted)
				.extracting((m) -> m.metadata().get(RabbitMetadata.DELIVERY_TAG))
				.containsExactly(1L, 2L, 3L, 4L);
			lingering.stop();
		}

		private static void awaitNanos(long time) {
			Awaitility.await()
				.pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofSeconds(10))
				.until(() -> System.nanoTime() - time >= 0);
		}

		@Test
		void whenAnotherProcessorLeansOnTheSourceThenTheCallerBacksItUpEightLingersLater() throws Exception {
			RabbitSource lingering = lingering(Duration.ofSeconds(1));
			lingering.request(10);
			channel().deliver(2);
			long first = lingering.linger();
			long[] second = new long[1];
			Thread other = new Thread(() -> second[0] = lingering.linger());
			other.start();
			other.join();
			assertThat(second[0] - first).isEqualTo(Duration.ofSeconds(8).toNanos());
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			lingering.stop();
		}

		@Test
		void whenNoProcessorLeansThenAnAskTakesTheHeldDeliveries() {
			RabbitSource lingering = lingering(Duration.ofMinutes(1));
			lingering.request(10);
			channel().deliver(3);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			lingering.request(1);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(3);
			lingering.stop();
		}

		@Test
		void whenPausedOrWithoutALingerThenNoProcessorIsLeanedOn() {
			RabbitSourceTests.this.source.request(10);
			channel().deliver(2);
			assertThat(RabbitSourceTests.this.source.linger()).isEqualTo(Source.NO_LINGER);
			RabbitSource lingering = lingering(Duration.ofMinutes(1));
			lingering.request(10);
			channel().deliver(2);
			int before = RabbitSourceTests.this.emitter.emitted.size();
			lingering.pause();
			assertThat(lingering.linger()).isEqualTo(Source.NO_LINGER);
			lingering.resume();
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(before + 1);
			lingering.stop();
		}

		@Test
		void whenAsManyArriveAsTheDemandThenTheyGoWithoutWaiting() {
			RabbitSource lingering = lingering(Duration.ofMinutes(1));
			lingering.request(4);
			channel().deliver(5);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(4);
			lingering.stop();
		}

		@Test
		void whenThePrefetchWindowIsFullThenTheHeldDeliveriesGoWithoutWaiting() {
			RabbitSourceTests.this.source.stop();
			RabbitSource lingering = new RabbitSource(RabbitSourceTests.this.client,
					new SourceSettings("orders", 5, AckMode.ACK, AckMode.REJECT, "pipeline-orders-0",
							RabbitSourceTests.this.reconnect, Duration.ofMinutes(1)));
			lingering.start(RabbitSourceTests.this.emitter);
			lingering.request(50);
			channel().deliver(4);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
			channel().deliver(1);
			assertThat(RabbitSourceTests.this.emitter.emitted)
				.extracting((m) -> m.metadata().get(RabbitMetadata.DELIVERY_TAG))
				.containsExactly(1L, 2L, 3L, 4L, 5L);
			lingering.stop();
		}

	}

	@Nested
	class Grouping {

		@Test
		void whenAGroupIsTheLowestOutstandingTagsThenOneMultipleAckSettlesIt() {
			RabbitSourceTests.this.source.request(10);
			channel().deliver(10);
			acknowledge(RabbitSourceTests.this.emitter.take(0, 10), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(10, true));
			assertThat(RabbitSourceTests.this.source.stats().acknowledged()).isEqualTo(10);
			assertThat(RabbitSourceTests.this.source.stats().acknowledgementFrames()).isEqualTo(1);
		}

		@Test
		void whenAGroupHasGapsThenItsLeadingRunIsSentAndTheRestWaitsForTheGaps() {
			RabbitSourceTests.this.source.request(10);
			channel().deliver(10);
			acknowledge(List.of(emitted(0), emitted(1), emitted(2), emitted(4), emitted(6)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(3, true));
			acknowledge(List.of(emitted(3), emitted(5)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(3, true), Frame.ack(7, true));
			assertThat(RabbitSourceTests.this.source.stats().acknowledged()).isEqualTo(7);
		}

		@Test
		void whenTheLowestOutstandingTagIsSettledLastThenOneFrameCoversTheGroupsBeforeIt() {
			RabbitSourceTests.this.source.request(4);
			channel().deliver(4);
			acknowledge(List.of(emitted(1), emitted(2)), List.of());
			assertThat(channel().frames).isEmpty();
			acknowledge(List.of(emitted(0)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(3, true));
		}

		@Test
		void whenMoreThanThreeQuartersOfThePrefetchWaitForALowTagThenTheWaitingAreSentOneByOne() {
			RabbitSourceTests.this.source.request(80);
			channel().deliver(80);
			acknowledge(RabbitSourceTests.this.emitter.take(1, 76), List.of());
			assertThat(channel().frames).isEmpty();
			acknowledge(RabbitSourceTests.this.emitter.take(76, 77), List.of());
			assertThat(channel().frames).hasSize(76).allMatch((frame) -> !frame.multiple());
			assertThat(channel().frames.get(0)).isEqualTo(Frame.ack(2, false));
			acknowledge(List.of(emitted(0)), List.of());
			assertThat(channel().frames).hasSize(77).last().isEqualTo(Frame.ack(1, false));
			assertThat(RabbitSourceTests.this.source.stats().acknowledged()).isEqualTo(77);
		}

		@Test
		void whenStoppedThenWhatWaitsForALowerTagIsSentBeforeTheChannelCloses() {
			RabbitSourceTests.this.source.request(3);
			channel().deliver(3);
			acknowledge(List.of(emitted(1), emitted(2)), List.of());
			RabbitSourceTests.this.source.stopFetching();
			RabbitSourceTests.this.source.stop();
			assertThat(channel().frames).containsExactly(Frame.ack(2, false), Frame.ack(3, false));
			assertThat(channel().closed).isTrue();
		}

		@Test
		void whenTheChannelDiesThenWhatWaitsForALowerTagIsDropped() {
			RabbitSourceTests.this.source.request(3);
			FakeChannel first = channel();
			first.deliver(3);
			acknowledge(List.of(emitted(1), emitted(2)), List.of());
			first.die("connection reset");
			Awaitility.await().until(() -> RabbitSourceTests.this.client.channels.size() == 2);
			assertThat(first.frames).isEmpty();
			assertThat(RabbitSourceTests.this.source.stats().dropped()).isEqualTo(2);
		}

		@Test
		void whenEarlierTagsAreSettledThenALaterGroupBecomesContiguous() {
			RabbitSourceTests.this.source.request(6);
			channel().deliver(6);
			acknowledge(RabbitSourceTests.this.emitter.take(0, 3), List.of());
			acknowledge(RabbitSourceTests.this.emitter.take(3, 6), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(3, true), Frame.ack(6, true));
		}

		@Test
		void whenHeldMessagesAreOutstandingThenAMultipleAckNeverCoversThem() {
			RabbitSourceTests.this.source.request(2);
			channel().deliver(4);
			acknowledge(RabbitSourceTests.this.emitter.take(0, 2), List.of());
			RabbitSourceTests.this.source.request(2);
			acknowledge(List.of(emitted(3)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(2, true));
			acknowledge(List.of(emitted(2)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(2, true), Frame.ack(4, true));
		}

		@Test
		void whenSuccessesAndFailuresMixThenEachOutcomeHasItsOwnFrames() {
			RabbitSourceTests.this.source.request(6);
			channel().deliver(6);
			acknowledge(List.of(emitted(0), emitted(1), emitted(2), emitted(3), emitted(5)),
					List.of(emitted(4).failed("Bad payload.")));
			assertThat(channel().frames).containsExactly(Frame.ack(4, true), Frame.reject(5, false),
					Frame.ack(6, false));
		}

		@Test
		void whenAMessageIsSettledTwiceThenTheSecondIsNotSent() {
			RabbitSourceTests.this.source.request(1);
			channel().deliver(1);
			acknowledge(List.of(emitted(0)), List.of());
			acknowledge(List.of(emitted(0)), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(1, false));
		}

	}

	@Nested
	class Failures {

		private List<Frame> failOne(AckMode onFailure, boolean redelivered) {
			RabbitSource other = startSource(onFailure);
			other.request(1);
			channel().deliver("x".getBytes(), redelivered, Map.of());
			Message<?> message = RabbitSourceTests.this.emitter.emitted.get(0);
			message.acknowledger().acknowledge(List.of(), List.of(message.failed("Boom.")));
			return channel().frames;
		}

		@Test
		void whenOnFailureIsRejectThenTheMessageIsRejectedWithoutRequeue() {
			assertThat(failOne(AckMode.REJECT, false)).containsExactly(Frame.reject(1, false));
		}

		@Test
		void whenOnFailureIsRequeueThenTheMessageIsRequeued() {
			assertThat(failOne(AckMode.REQUEUE, true)).containsExactly(Frame.requeue(1, false));
		}

		@Test
		void whenOnFailureIsRequeueOnceAndTheMessageIsNewThenItIsRequeued() {
			assertThat(failOne(AckMode.REQUEUE_ONCE, false)).containsExactly(Frame.requeue(1, false));
		}

		@Test
		void whenOnFailureIsRequeueOnceAndTheMessageWasRedeliveredThenItIsRejected() {
			assertThat(failOne(AckMode.REQUEUE_ONCE, true)).containsExactly(Frame.reject(1, false));
		}

		@Test
		void whenOnFailureIsAckThenTheFailedMessageIsAcknowledged() {
			assertThat(failOne(AckMode.ACK, false)).containsExactly(Frame.ack(1, false));
		}

		@Test
		void whenAMessageConfiguresItsAckThenItOverridesTheSourceSetting() {
			RabbitSourceTests.this.source.request(3);
			channel().deliver(3);
			Message<?> requeued = emitted(0).configureAck(RabbitAckOption.onFailure(AckMode.REQUEUE)).failed("Later.");
			Message<?> rejected = emitted(1).failed("Never.");
			Message<?> dropped = emitted(2).configureAck(RabbitAckOption.onSuccess(AckMode.REJECT));
			acknowledge(List.of(dropped), List.of(requeued, rejected));
			assertThat(channel().frames).containsExactly(Frame.requeue(1, false), Frame.reject(3, true));
			assertThat(RabbitSourceTests.this.source.stats().requeued()).isEqualTo(1);
			assertThat(RabbitSourceTests.this.source.stats().rejected()).isEqualTo(2);
		}

		@Test
		void whenAnOptionIsNotARabbitOptionThenConfigureFailsWithTheFix() {
			RabbitSourceTests.this.source.request(1);
			channel().deliver(1);
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> emitted(0).configureAck("requeue"))
				.withMessage("The RabbitMQ source does not understand the acknowledgement option requeue; "
						+ "use RabbitAckOption.onFailure(mode) or RabbitAckOption.onSuccess(mode).");
		}

	}

	@Nested
	class ConnectionLoss {

		@Test
		void whenTheChannelDiesThenItsAcksAreDroppedAndNeverSentOnTheNewOne() {
			RabbitSourceTests.this.source.request(10);
			FakeChannel first = channel();
			first.deliver(3);
			first.die("connection reset");
			Awaitility.await().until(() -> RabbitSourceTests.this.client.channels.size() == 2);
			acknowledge(RabbitSourceTests.this.emitter.take(0, 3), List.of());
			assertThat(first.frames).isEmpty();
			assertThat(channel().frames).isEmpty();
			assertThat(RabbitSourceTests.this.source.stats().dropped()).isEqualTo(3);
		}

		@Test
		void whenTheBrokerIsDownThenTheSourceIsDisconnectedUntilItReconnectsByItself() {
			RabbitSourceTests.this.client.refusals.set(3);
			RabbitSourceTests.this.source.request(5);
			channel().die("broker stopped");
			assertThat(RabbitSourceTests.this.source.isConnected()).isFalse();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(RabbitSourceTests.this.source::isConnected);
			assertThat(RabbitSourceTests.this.client.channels).hasSize(2);
			assertThat(channel().consumerTag).isEqualTo("pipeline-orders-0-2");
			channel().deliver(2);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(2);
			assertThat(RabbitSourceTests.this.source.stats().connections()).isEqualTo(2);
		}

		@Test
		void whenReconnectsFailThenTheDelaysAreTheBackOffsStepsAndASuccessStartsItAfresh() {
			RecordingBackOff backOff = RabbitSourceTests.this.reconnect;
			assertThat(backOff.started).as("no execution before a failure").hasValue(0);
			RabbitSourceTests.this.client.refusals.set(3);
			channel().die("broker stopped");
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(RabbitSourceTests.this.source::isConnected);
			assertThat(backOff.handedOut).as("one step per attempt: the loss, then three refusals")
				.containsExactly(10L, 20L, 40L, 40L);
			assertThat(backOff.started).hasValue(1);
			channel().die("connection reset");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> RabbitSourceTests.this.client.channels.size() == 3);
			assertThat(backOff.handedOut).as("a new execution after the successful connection")
				.containsExactly(10L, 20L, 40L, 40L, 10L);
			assertThat(backOff.started).hasValue(2);
		}

		@Test
		void whenTheBackOffStopsThenTheSourceStopsReconnectingAndStaysDisconnected() {
			RabbitSourceTests.this.source.stop();
			RabbitSource source = new RabbitSource(RabbitSourceTests.this.client,
					new SourceSettings("orders", 100, AckMode.ACK, AckMode.REJECT, "pipeline-orders-0",
							() -> () -> BackOffExecution.STOP, Duration.ZERO));
			RabbitSourceTests.this.source = source;
			RabbitSourceTests.this.client.refusals.set(1);
			source.start(RabbitSourceTests.this.emitter);
			int opened = RabbitSourceTests.this.client.channels.size();
			Awaitility.await().during(Duration.ofMillis(200)).until(() -> !source.isConnected());
			assertThat(RabbitSourceTests.this.client.channels).hasSize(opened);
		}

		@Test
		void whenTheChannelDiesThenHeldMessagesAreForgottenForTheBrokerToRedeliver() {
			RabbitSourceTests.this.source.request(1);
			channel().deliver(3);
			channel().die("connection reset");
			Awaitility.await().until(RabbitSourceTests.this.source::isConnected);
			RabbitSourceTests.this.source.request(5);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(1);
		}

		@Test
		void whenTheBrokerCancelsTheConsumerThenTheSourceReconnects() {
			FakeChannel first = channel();
			first.cancelledByBroker();
			Awaitility.await().until(() -> RabbitSourceTests.this.client.channels.size() == 2);
			assertThat(first.closed).isTrue();
		}

		@Test
		void whenTheBrokerCancelsTheConsumerThenTheChannelIsClosedOffTheThreadThatDelivers() {
			FakeChannel first = channel();
			first.cancelledByBroker();
			Awaitility.await().until(() -> first.closedBy != null);
			assertThat(first.closedBy).isNotSameAs(Thread.currentThread());
			assertThat(first.closedBy.getName()).isEqualTo("pipeline-orders-0-timer");
		}

	}

	@Nested
	class Drain {

		@Test
		void whenStopFetchingThenTheConsumerIsCancelledAndUndemandedMessagesAreRequeued() {
			RabbitSourceTests.this.source.request(2);
			channel().deliver(5);
			RabbitSourceTests.this.source.stopFetching();
			assertThat(channel().cancelledTag).isEqualTo("pipeline-orders-0-1");
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(2);
			assertThat(channel().frames).containsExactly(Frame.requeue(3, false), Frame.requeue(4, false),
					Frame.requeue(5, false));
			RabbitSourceTests.this.source.request(10);
			assertThat(RabbitSourceTests.this.emitter.emitted).hasSize(2);
		}

		@Test
		void whenDrainedThenEmittedMessagesAreStillAcknowledgedOnTheirChannel() {
			RabbitSourceTests.this.source.request(3);
			channel().deliver(3);
			RabbitSourceTests.this.source.stopFetching();
			acknowledge(RabbitSourceTests.this.emitter.take(0, 3), List.of());
			assertThat(channel().frames).containsExactly(Frame.ack(3, true));
		}

		@Test
		void whenStoppedThenTheChannelIsClosedAndLaterAcksAreIgnored() {
			RabbitSourceTests.this.source.request(3);
			channel().deliver(3);
			RabbitSourceTests.this.source.stopFetching();
			RabbitSourceTests.this.source.stop();
			assertThat(channel().closed).isTrue();
			acknowledge(RabbitSourceTests.this.emitter.take(0, 3), List.of());
			assertThat(channel().frames).isEmpty();
			assertThat(RabbitSourceTests.this.source.isConnected()).isFalse();
			assertThat(RabbitSourceTests.this.client.channels).hasSize(1);
		}

	}

}
