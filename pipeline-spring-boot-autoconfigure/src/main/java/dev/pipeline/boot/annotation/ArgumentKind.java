package dev.pipeline.boot.annotation;

import java.util.List;
import java.util.Map;

import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;

import org.springframework.core.ResolvableType;

/**
 * What a handler method parameter receives, decided once from its declared type.
 */
sealed interface ArgumentKind {

	/**
	 * Decides the kind of a parameter.
	 * @param type the parameter's declared type
	 * @return its kind
	 */
	static ArgumentKind of(ResolvableType type) {
		Class<?> raw = type.toClass();
		if (raw == Message.class) {
			return new WholeMessage(payload(type.getGeneric(0)));
		}
		if (raw == BatchInfo.class) {
			return new Info();
		}
		if (Map.class.isAssignableFrom(raw)) {
			return new Metadata();
		}
		if (raw == List.class) {
			ResolvableType element = type.getGeneric(0);
			if (element.toClass() == Message.class) {
				return new MessageList(payload(element.getGeneric(0)));
			}
			return new PayloadList(payload(element));
		}
		return new Payload(type);
	}

	/**
	 * @return the payload type this parameter declares, or {@code null} when it declares
	 * none
	 */
	default ResolvableType payloadType() {
		return ResolvableType.NONE;
	}

	/**
	 * @return whether the parameter of a method that handles one message may be of this
	 * kind
	 */
	default boolean isMessageArgument() {
		return this instanceof Payload || this instanceof WholeMessage || this instanceof Metadata;
	}

	private static ResolvableType payload(ResolvableType type) {
		return (type == ResolvableType.NONE || type.resolve() == null) ? ResolvableType.forClass(Object.class) : type;
	}

	/** The converted payload. */
	record Payload(ResolvableType payloadType) implements ArgumentKind {
	}

	/** The message, with its payload converted. */
	record WholeMessage(ResolvableType payloadType) implements ArgumentKind {
	}

	/** The message's metadata. */
	record Metadata() implements ArgumentKind {
	}

	/** What the batch is. */
	record Info() implements ArgumentKind {
	}

	/** The messages of a batch or chunk. */
	record MessageList(ResolvableType payloadType) implements ArgumentKind {
	}

	/** The converted payloads of a batch. */
	record PayloadList(ResolvableType payloadType) implements ArgumentKind {
	}

}
