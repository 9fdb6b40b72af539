package dev.pipeline.boot.annotation;

import org.springframework.core.ResolvableType;

/**
 * Reads JSON into a payload type, the seam between {@link DefaultPayloadConverter} and a
 * JSON library. Thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JsonPayloadReader {

	/**
	 * Reads JSON.
	 * @param json the JSON, UTF-8
	 * @param type the payload type
	 * @return the payload
	 * @throws RuntimeException when the JSON does not fit the type
	 */
	Object read(byte[] json, ResolvableType type);

}
