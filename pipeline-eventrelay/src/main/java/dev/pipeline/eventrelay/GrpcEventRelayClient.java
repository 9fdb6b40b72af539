package dev.pipeline.eventrelay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.pipeline.eventrelay.grpc.Event;
import dev.pipeline.eventrelay.grpc.EventsGrpc;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsRequest;
import dev.pipeline.eventrelay.grpc.PullQueuedEventsResponse;
import dev.pipeline.eventrelay.grpc.UnLockQueuedEventsRequest;
import dev.pipeline.eventrelay.grpc.UnLockQueuedEventsResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * The {@link EventRelayClient} over grpc-java: one channel (Netty, TLS when configured),
 * the token as a bearer {@code authorization} header on every call, a deadline per call.
 */
final class GrpcEventRelayClient implements EventRelayClient {

	/** The largest answer accepted: a full pull of large events fits. */
	private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ManagedChannel channel;

	private final EventsGrpc.EventsStub async;

	private final EventsGrpc.EventsBlockingStub blocking;

	private final String destinationId;

	private final long deadlineNanos;

	private final String target;

	GrpcEventRelayClient(SourceConfig config, Executor callbacks) {
		this.target = config.host() + ":" + config.port();
		this.destinationId = config.destinationId();
		this.deadlineNanos = config.deadline().toNanos();
		this.channel = Grpc.newChannelBuilderForAddress(config.host(), config.port(), credentials(config.tls()))
			.executor(callbacks)
			.maxInboundMessageSize(MAX_INBOUND_BYTES)
			.userAgent("pipeline-eventrelay")
			.build();
		Channel intercepted = (config.token() != null)
				? io.grpc.ClientInterceptors.intercept(this.channel, new BearerToken("Bearer " + config.token()))
				: this.channel;
		this.async = EventsGrpc.newStub(intercepted);
		this.blocking = EventsGrpc.newBlockingStub(intercepted);
	}

	static ChannelCredentials credentials(@Nullable EventRelayTls tls) {
		if (tls == null) {
			return InsecureChannelCredentials.create();
		}
		TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
		if (tls.keyManagers() != null) {
			builder.keyManager(tls.keyManagers().getKeyManagers());
		}
		if (tls.trustManagers() != null) {
			builder.trustManager(tls.trustManagers().getTrustManagers());
		}
		return builder.build();
	}

	@Override
	public void pull(int batchSize, Answer<List<Event>> answer) {
		PullQueuedEventsRequest request = PullQueuedEventsRequest.newBuilder()
			.setDestinationId(this.destinationId)
			.setBatchSize(batchSize)
			.build();
		this.async.withDeadlineAfter(this.deadlineNanos, TimeUnit.NANOSECONDS)
			.pullQueuedEvents(request, new Observer<PullQueuedEventsResponse, List<Event>>(answer) {

				@Override
				List<Event> value(PullQueuedEventsResponse response) {
					return response.getEventsList();
				}

			});
	}

	@Override
	public void unlock(List<String> eventIds, Answer<Integer> answer) {
		this.async.withDeadlineAfter(this.deadlineNanos, TimeUnit.NANOSECONDS)
			.unLockQueuedEvents(request(eventIds), new Observer<UnLockQueuedEventsResponse, Integer>(answer) {

				@Override
				Integer value(UnLockQueuedEventsResponse response) {
					return response.getEventsCount();
				}

			});
	}

	@Override
	public Status unlockNow(List<String> eventIds, Duration timeout) {
		try {
			this.blocking.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
				.unLockQueuedEvents(request(eventIds));
			return Status.OK;
		}
		catch (RuntimeException ex) {
			return Status.fromThrowable(ex);
		}
	}

	@Override
	public void reconnectNow() {
		this.channel.resetConnectBackoff();
	}

	@Override
	public String describe() {
		return this.target;
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private UnLockQueuedEventsRequest request(List<String> eventIds) {
		return UnLockQueuedEventsRequest.newBuilder()
			.setDestinationId(this.destinationId)
			.addAllEventIds(eventIds)
			.build();
	}

	/** Hands a unary call's answer to an {@link Answer}. */
	private abstract static class Observer<R, T> implements StreamObserver<R> {

		private final Answer<T> answer;

		private @Nullable R response;

		Observer(Answer<T> answer) {
			this.answer = answer;
		}

		abstract T value(R response);

		@Override
		public void onNext(R value) {
			this.response = value;
		}

		@Override
		public void onError(Throwable error) {
			this.answer.failed(Status.fromThrowable(error));
		}

		@Override
		public void onCompleted() {
			R value = this.response;
			if (value == null) {
				this.answer.failed(Status.INTERNAL.withDescription("the server answered nothing"));
			}
			else {
				this.answer.completed(value(value));
			}
		}

	}

	/** Sends the token with every call. */
	private static final class BearerToken implements ClientInterceptor {

		private final String value;

		BearerToken(String value) {
			this.value = value;
		}

		@Override
		public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
			return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {

				@Override
				public void start(Listener<A> listener, Metadata headers) {
					headers.put(AUTHORIZATION, BearerToken.this.value);
					super.start(listener, headers);
				}

			};
		}

	}

}
