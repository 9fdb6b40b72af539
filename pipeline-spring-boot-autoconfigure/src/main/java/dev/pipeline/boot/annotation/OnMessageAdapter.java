package dev.pipeline.boot.annotation;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;

/**
 * Runs an {@link OnMessage} method as the engine's message handler: converts the payload
 * (a conversion error fails the message), calls the method, and turns what it returned
 * into the message that goes on.
 */
final class OnMessageAdapter implements MessageHandler<Object> {

	private final MessageArguments arguments;

	private final boolean returnsVoid;

	private final boolean returnsMessage;

	OnMessageAdapter(MessageArguments arguments) {
		this.arguments = arguments;
		this.returnsVoid = arguments.method().returnsVoid();
		this.returnsMessage = arguments.method().returnType() == Message.class;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Message<Object> handle(Message<Object> message) throws Exception {
		Message<Object> converted;
		try {
			converted = this.arguments.convert(message);
		}
		catch (PayloadConversionException ex) {
			return message.failed(ex.getMessage(), ex);
		}
		Object result = this.arguments.method().invoke(this.arguments.forMessage(converted));
		if (this.returnsVoid) {
			return converted;
		}
		if (result == null) {
			return converted.failed("The @OnMessage method " + this.arguments.method().description()
					+ " returned null; return the message, a new payload, or declare void.");
		}
		if (this.returnsMessage || result instanceof Message<?>) {
			return (Message<Object>) result;
		}
		return converted.withData(result);
	}

}
