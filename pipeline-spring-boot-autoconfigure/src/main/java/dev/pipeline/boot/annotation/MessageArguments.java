package dev.pipeline.boot.annotation;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * Converts payloads and builds the arguments of a {@link BoundMethod} call.
 */
final class MessageArguments {

	private final BoundMethod method;

	private final PayloadConverter converter;

	MessageArguments(BoundMethod method, PayloadConverter converter) {
		this.method = method;
		this.converter = converter;
	}

	/**
	 * Converts a message's data to the method's payload type.
	 * @param message the message
	 * @return the message with converted data, the same message when nothing changed
	 * @throws PayloadConversionException when the data does not fit
	 */
	Message<Object> convert(Message<Object> message) {
		if (!this.method.converts()) {
			return message;
		}
		Object data = message.data();
		Object converted = this.converter.convert(data, this.method.payloadType());
		return (converted == data) ? message : message.withData(converted);
	}

	/**
	 * Converts the messages of a list; those that do not fit are failed with the reason
	 * and put in {@code failures}.
	 * @param messages the messages
	 * @param failures receives the messages whose conversion failed
	 * @return the converted messages
	 */
	List<Message<Object>> convertAll(List<Message<Object>> messages, List<Message<Object>> failures) {
		if (!this.method.converts()) {
			return messages;
		}
		List<Message<Object>> converted = new ArrayList<>(messages.size());
		for (Message<Object> message : messages) {
			try {
				converted.add(convert(message));
			}
			catch (PayloadConversionException ex) {
				failures.add(message.failed(ex.getMessage(), ex));
			}
		}
		return converted;
	}

	/**
	 * Builds the arguments for one message.
	 * @param message the converted message
	 * @return the arguments
	 */
	Object[] forMessage(Message<Object> message) {
		List<ArgumentKind> kinds = this.method.kinds();
		Object[] args = new Object[kinds.size()];
		for (int i = 0; i < args.length; i++) {
			ArgumentKind kind = kinds.get(i);
			if (kind instanceof ArgumentKind.Payload) {
				args[i] = message.data();
			}
			else if (kind instanceof ArgumentKind.WholeMessage) {
				args[i] = message;
			}
			else {
				args[i] = message.metadata();
			}
		}
		return args;
	}

	/**
	 * Builds the arguments for a list of messages.
	 * @param messages the converted messages
	 * @param info the batch, or {@code null} outside batch workers
	 * @return the arguments
	 */
	Object[] forList(List<Message<Object>> messages, @Nullable BatchInfo info) {
		List<ArgumentKind> kinds = this.method.kinds();
		Object[] args = new Object[kinds.size()];
		for (int i = 0; i < args.length; i++) {
			ArgumentKind kind = kinds.get(i);
			if (kind instanceof ArgumentKind.MessageList) {
				args[i] = messages;
			}
			else if (kind instanceof ArgumentKind.PayloadList) {
				args[i] = messages.stream().map(Message::data).toList();
			}
			else {
				args[i] = info;
			}
		}
		return args;
	}

	BoundMethod method() {
		return this.method;
	}

}
