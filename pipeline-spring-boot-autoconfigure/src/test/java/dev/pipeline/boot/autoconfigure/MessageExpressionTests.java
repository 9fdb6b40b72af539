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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void whenEvaluationFailsThenItThrowsWithTheExpressionItsKeyAndTheCause() {
		MessageExpression expression = MessageExpression.parse("payload.nothing", "pipeline.pipelines.p.key",
				ResolvableType.forClass(Object.class), this.converter);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> expression.apply(Message.of("x", Acknowledger.NOOP, null)))
			.withMessage(
					"Expression 'payload.nothing' of 'pipeline.pipelines.p.key' cannot be evaluated on this message:"
							+ " EL1008E: Property or field 'nothing' cannot be found on object of type 'java.lang.String' - maybe"
							+ " not public or not valid?");
	}

	@Test
	void whenThePayloadCannotBeConvertedThenTheReasonIsTheConverters() {
		MessageExpression expression = MessageExpression.parse("payload.sensorId", "pipeline.pipelines.p.key",
				ResolvableType.forClass(Reading.class), this.converter);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> expression.apply(Message.of(42L, Acknowledger.NOOP, null)))
			.withMessage("Expression 'payload.sensorId' of 'pipeline.pipelines.p.key' cannot be evaluated on this"
					+ " message: Cannot convert the payload, a java.lang.Long, to " + Reading.class.getName()
					+ ": only byte[] and String data are converted.");
	}

	@Test
	void whenANullSafeExpressionMeetsANullThenTheKeyIsNull() {
		assertThat(MessageExpression
			.parse("metadata['tenant']?.length()", "key", ResolvableType.forClass(Object.class), this.converter)
			.apply(Message.of("x", Acknowledger.NOOP, null))).isNull();
	}

}
