package dev.pipeline.eventrelay.test;

import java.util.List;
import java.util.stream.IntStream;

import dev.pipeline.eventrelay.grpc.NewEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract server's own upkeep, through its Java API: a forgotten topic takes its
 * events and destinations with it.
 */
class ContractServerTests {

	@Test
	void whenATopicIsForgottenThenItsDestinationsAreGoneAndTheNameStartsAfresh() throws Exception {
		try (ContractServer server = ContractServer.builder().build().start()) {
			String old = server.createDestination("readings");
			String other = server.createDestination("orders");
			server.publish("readings", events(3));
			server.publish("orders", events(2));

			assertThat(server.forgetTopic("readings")).isEqualTo(3);

			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> server.stats(old))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
			assertThat(server.stats(other).queued()).isEqualTo(2);
			String fresh = server.createDestination("readings");
			assertThat(server.stats(fresh).queued()).isZero();
			server.publish("readings", events(1));
			assertThat(server.stats(fresh).queued()).isEqualTo(1);
			assertThat(server.forgetTopic("no-such-topic")).isZero();
		}
	}

	private static List<NewEvent> events(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> NewEvent.newBuilder().setName("reading").setData("{\"n\":" + i + "}").build())
			.toList();
	}

}
