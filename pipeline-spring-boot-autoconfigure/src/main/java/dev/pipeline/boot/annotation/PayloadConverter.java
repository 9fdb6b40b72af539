package dev.pipeline.boot.annotation;

import org.springframework.core.ResolvableType;

/**
 * Converts the data a source emitted (usually {@code byte[]} or {@code String}) to the
 * payload type a handler method declares. Called on stage threads, concurrently: must be
 * thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PayloadConverter {

	/**
	 * Converts data to a type.
	 * @param data the data as the message holds it
	 * @param type the declared payload type
	 * @return the payload, an instance of {@code type}
	 * @throws PayloadConversionException when the data does not fit the type; the message
	 * fails with its reason, the pipeline goes on
	 */
	Object convert(Object data, ResolvableType type);

}
