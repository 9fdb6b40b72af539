package dev.pipeline.rabbitmq;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconnector's log line says why a connection failed, even when the client's
 * exception has no message of its own.
 */
class ReconnectorTests {

	@Test
	void whenTheExceptionHasNoMessageThenTheReasonIsItsCauses() {
		IOException wrapped = new IOException(null, new IllegalStateException("NOT_FOUND - no exchange 'orders'"));
		assertThat(Reconnector.reason(wrapped)).isEqualTo("NOT_FOUND - no exchange 'orders'");
	}

	@Test
	void whenNothingHasAMessageThenTheReasonIsTheExceptionsClass() {
		assertThat(Reconnector.reason(new IOException())).isEqualTo("java.io.IOException");
	}

}
