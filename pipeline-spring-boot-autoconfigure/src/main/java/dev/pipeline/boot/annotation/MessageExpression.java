package dev.pipeline.boot.annotation;

import java.util.Map;
import java.util.function.Function;

import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A {@code partition-by} SpEL expression, parsed once at start-up and evaluated against a
 * message: {@code payload} (converted to the handler's payload type), {@code metadata},
 * {@code batchKey}, {@code batcher} and {@code message}. Evaluated read-only (no method
 * calls other than on the root's values, no type references).
 * <p>
 * An expression that cannot be evaluated on a message (a property that does not exist, a
 * payload that cannot be converted, a method that throws) throws an
 * {@link IllegalArgumentException} whose message names the expression, its property path
 * and the cause; the engine then fails that message with it as the reason, and the
 * pipeline goes on. A message is never given the {@code null} key by accident: an
 * expression that should key such messages together says so itself, for example
 * {@code payload?.sensorId} or {@code metadata['tenant']}, which give {@code null} for a
 * missing value.
 *
 * @since 0.1.0
 */
public final class MessageExpression implements Function<Message<Object>, @Nullable Object> {

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	private final Expression expression;

	private final String key;

	private final ResolvableType payloadType;

	private final PayloadConverter converter;

	private final EvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
		.withInstanceMethods()
		.build();

	private MessageExpression(Expression expression, String key, ResolvableType payloadType,
			PayloadConverter converter) {
		this.expression = expression;
		this.key = key;
		this.payloadType = payloadType;
		this.converter = converter;
	}

	/**
	 * Parses an expression.
	 * @param expression the expression text
	 * @param key the full property path it comes from, for the error
	 * @param payloadType the type {@code payload} is converted to
	 * @param converter converts payloads
	 * @return the expression
	 * @throws PipelineSetupException if it cannot be parsed
	 */
	public static MessageExpression parse(String expression, String key, ResolvableType payloadType,
			PayloadConverter converter) {
		if (expression.isBlank()) {
			throw new PipelineSetupException(
					"Invalid value '" + expression + "' for '" + key + "': must be a SpEL expression over the message.",
					"Set an expression such as payload.sensorId, metadata['key'] or batchKey, or remove the key.");
		}
		try {
			return new MessageExpression(parser.parseExpression(expression), key, payloadType, converter);
		}
		catch (ParseException | IllegalStateException | IllegalArgumentException ex) {
			throw new PipelineSetupException(
					"Invalid value '" + expression + "' for '" + key + "': not a SpEL expression (" + ex.getMessage()
							+ ").",
					"Set a SpEL expression over the message, such as payload.sensorId, metadata['key'] or batchKey.",
					ex);
		}
	}

	/**
	 * Evaluates the expression on a message.
	 * @param message the message
	 * @return the key, {@code null} when the expression gives {@code null}
	 * @throws IllegalArgumentException if the expression cannot be evaluated on this
	 * message; the reason names the expression, its property path and the cause
	 */
	@Override
	public @Nullable Object apply(Message<Object> message) {
		try {
			return this.expression.getValue(this.context, new Root(message, this.payloadType, this.converter));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Expression '" + this.expression.getExpressionString() + "' of '"
					+ this.key + "' cannot be evaluated on this message: " + cause(ex), ex);
		}
	}

	/**
	 * The reason to report: a payload conversion error as the converter wrote it (SpEL
	 * wraps it when the {@code payload} getter throws), otherwise SpEL's own message.
	 */
	private static String cause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PayloadConversionException) {
				return cause.getMessage();
			}
		}
		String text = ex.getMessage();
		return (text != null) ? text : ex.getClass().getName();
	}

	/**
	 * What an expression sees; payload conversion happens only when {@code payload} is
	 * read.
	 */
	public static final class Root {

		private final Message<Object> message;

		private final ResolvableType payloadType;

		private final PayloadConverter converter;

		Root(Message<Object> message, ResolvableType payloadType, PayloadConverter converter) {
			this.message = message;
			this.payloadType = payloadType;
			this.converter = converter;
		}

		public Object getPayload() {
			Object data = this.message.data();
			return (this.payloadType.toClass() == Object.class) ? data : this.converter.convert(data, this.payloadType);
		}

		public Map<String, Object> getMetadata() {
			return this.message.metadata();
		}

		public @Nullable Object getBatchKey() {
			return this.message.batchKey();
		}

		public @Nullable String getBatcher() {
			return this.message.batcher();
		}

		public Message<Object> getMessage() {
			return this.message;
		}

	}

}
