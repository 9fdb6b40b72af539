package dev.pipeline.eventrelay.test;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.eventrelay.grpc.CreateDestinationRequest;
import dev.pipeline.eventrelay.grpc.CreateDestinationResponse;
import dev.pipeline.eventrelay.grpc.Destination;
import dev.pipeline.eventrelay.grpc.DestinationsGrpc;
import dev.pipeline.eventrelay.grpc.EventsGrpc;
import dev.pipeline.eventrelay.grpc.PublishEventsRequest;
import dev.pipeline.eventrelay.grpc.PublishEventsResponse;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsRequest;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsResponse;
import dev.pipeline.eventrelay.grpc.UnLockQueuedEventsRequest;
import dev.pipeline.eventrelay.grpc.UnLockQueuedEventsResponse;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC services of a {@link ContractServer} over its {@link ContractStore}:
 * {@code eventrelay.Events} (publish, pull queued, unlock) and
 * {@code eventrelay.Destinations.CreateDestination}, and the bearer-token check.
 */
final class ContractServices {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private ContractServices() {
	}

	/**
	 * {@code eventrelay.Events}. {@code PullEvents} answers UNIMPLEMENTED. A pull takes
	 * its locks at once and answers at once, or after the answer delay when a timer is
	 * given.
	 */
	static final class Events extends EventsGrpc.EventsImplBase {

		private final ContractStore store;

		private final @Nullable ScheduledExecutorService timer;

		private final long delayNanos;

		private final AtomicInteger pullsInFlight = new AtomicInteger();

		private final AtomicInteger mostPullsInFlight = new AtomicInteger();

		Events(ContractStore store, @Nullable ScheduledExecutorService timer, long delayNanos) {
			this.store = store;
			this.timer = timer;
			this.delayNanos = delayNanos;
		}

		int mostPullsInFlight() {
			return this.mostPullsInFlight.get();
		}

		@Override
		public void publishEvents(PublishEventsRequest request, StreamObserver<PublishEventsResponse> answer) {
			if (request.getTopic().isEmpty()) {
				answer.onError(Status.INVALID_ARGUMENT.withDescription("topic is required").asRuntimeException());
				return;
			}
			answer.onNext(PublishEventsResponse.newBuilder()
				.addAllEvents(this.store.publish(request.getTopic(), request.getEventsList()))
				.build());
			answer.onCompleted();
		}

		@Override
		public void pullQueuedEvents(PullQueuedEventsRequest request, StreamObserver<PullQueuedEventsResponse> answer) {
			this.mostPullsInFlight.accumulateAndGet(this.pullsInFlight.incrementAndGet(), Math::max);
			PullQueuedEventsResponse response;
			try {
				response = PullQueuedEventsResponse.newBuilder()
					.addAllEvents(this.store.pull(request.getDestinationId(), request.getBatchSize()))
					.build();
			}
			catch (StatusRuntimeException ex) {
				this.pullsInFlight.decrementAndGet();
				answer.onError(ex);
				return;
			}
			if (this.timer == null) {
				answered(response, answer);
			}
			else {
				this.timer.schedule(() -> answered(response, answer), this.delayNanos, TimeUnit.NANOSECONDS);
			}
		}

		private void answered(PullQueuedEventsResponse response, StreamObserver<PullQueuedEventsResponse> answer) {
			this.pullsInFlight.decrementAndGet();
			answer.onNext(response);
			answer.onCompleted();
		}

		@Override
		public void unLockQueuedEvents(UnLockQueuedEventsRequest request,
				StreamObserver<UnLockQueuedEventsResponse> answer) {
			try {
				answer.onNext(UnLockQueuedEventsResponse.newBuilder()
					.addAllEvents(this.store.unlock(request.getDestinationId(), request.getEventIdsList()))
					.build());
				answer.onCompleted();
			}
			catch (StatusRuntimeException ex) {
				answer.onError(ex);
			}
		}

	}

	/** {@code eventrelay.Destinations}: only {@code CreateDestination}, of type api. */
	static final class Destinations extends DestinationsGrpc.DestinationsImplBase {

		private final ContractStore store;

		Destinations(ContractStore store) {
			this.store = store;
		}

		@Override
		public void createDestination(CreateDestinationRequest request,
				StreamObserver<CreateDestinationResponse> answer) {
			if (request.getTopicName().isEmpty()) {
				answer.onError(Status.INVALID_ARGUMENT.withDescription("topic_name is required").asRuntimeException());
				return;
			}
			String id = this.store.createDestination(request.getTopicName());
			answer.onNext(CreateDestinationResponse.newBuilder()
				.setDestination(Destination.newBuilder()
					.setId(id)
					.setName(request.getName())
					.setTopicName(request.getTopicName())
					.setDestinationType("api"))
				.build());
			answer.onCompleted();
		}

	}

	/**
	 * Refuses calls without {@code authorization: Bearer <token>} (UNAUTHENTICATED), as
	 * EventRelay does with a wrong API key, and anything but a publish with the
	 * publish-only token (PERMISSION_DENIED).
	 */
	static final class BearerTokenCheck implements ServerInterceptor {

		private final String expected;

		private final @Nullable String publishOnly;

		BearerTokenCheck(String token, @Nullable String publishOnlyToken) {
			this.expected = "Bearer " + Objects.requireNonNull(token, "token");
			this.publishOnly = (publishOnlyToken != null) ? "Bearer " + publishOnlyToken : null;
		}

		@Override
		public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
				ServerCallHandler<Q, A> next) {
			@Nullable String given = headers.get(AUTHORIZATION);
			if (given != null && given.equals(this.publishOnly)) {
				if ("PublishEvents".equals(call.getMethodDescriptor().getBareMethodName())) {
					return next.startCall(call, headers);
				}
				call.close(Status.PERMISSION_DENIED.withDescription("the API key may only publish"), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			if (!this.expected.equals(given)) {
				call.close(
						Status.UNAUTHENTICATED.withDescription(
								(given == null) ? "no bearer token" : "the bearer token is not an active API key"),
						new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			return next.startCall(call, headers);
		}

	}

}
