package dev.pipeline.boot.annotation;

import java.util.function.Function;

import dev.pipeline.core.Message;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link PartitionKey} method as the processors' partition function, on the
 * producer's thread. The payload is converted for the call (and again in the processor);
 * a message whose payload does not fit, or whose method throws, gets the {@code null}
 * key, and fails later in its processor when its conversion fails there.
 */
final class PartitionKeyAdapter implements Function<Message<Object>, @Nullable Object> {

	private final MessageArguments arguments;

	PartitionKeyAdapter(MessageArguments arguments) {
		this.arguments = arguments;
	}

	@Override
	public @Nullable Object apply(Message<Object> message) {
		try {
			return this.arguments.method().invoke(this.arguments.forMessage(this.arguments.convert(message)));
		}
		catch (Exception ex) {
			return null;
		}
	}

}
