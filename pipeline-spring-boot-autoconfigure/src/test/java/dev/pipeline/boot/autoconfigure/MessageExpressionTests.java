package dev.pipeline.boot.autoconfigure;

import java.util.Map;

import dev.pipeline.boot.annotation.DefaultPayloadConverter;
import dev.pipeline.boot.annotation.MessageExpression;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.support.Reading;
import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

class MessageExpressionTests {

	private final PayloadConverter converter = new DefaultPayloadConverter(
			ApplicationConversionService.getSharedInstance(), null);

	@Test
	void whenExpressionReadsARecordComponentThenItGetsItsValue() {
		MessageExpression expression = MessageExpression.parse("payload.sensorId", "key",
				ResolvableType.forClass(Reading.class), this.converter);
		assertThat(expression.apply(Message.of(new Reading("s7", 1), Acknowledger.NOOP, null))).isEqualTo("s7");
	}

	@Test
	void whenExpressionReadsMetadataAndBatchKeyThenItGetsThem() {
		Message<Object> message = Message.<Object>of("x", Map.of("tenant", "t1"), Acknowledger.NOOP, null)
			.withBatchKey("k");
		assertThat(MessageExpression
			.parse("metadata['tenant'] + batchKey", "key", ResolvableType.forClass(Object.class), this.converter)
			.apply(message)).isEqualTo("t1k");
	}

	@Test
	void whenEvaluationFailsThenTheKeyIsNull() {
		assertThat(
				MessageExpression.parse("payload.nothing", "key", ResolvableType.forClass(Object.class), this.converter)
					.apply(Message.of("x", Acknowledger.NOOP, null)))
			.isNull();
	}

}
