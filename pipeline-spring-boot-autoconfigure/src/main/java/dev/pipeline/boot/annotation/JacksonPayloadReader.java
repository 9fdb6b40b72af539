package dev.pipeline.boot.annotation;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;

/**
 * Reads JSON payloads with the application's Jackson 3 {@link JsonMapper}.
 *
 * @since 0.1.0
 */
public final class JacksonPayloadReader implements JsonPayloadReader {

	private final JsonMapper mapper;

	/**
	 * Creates a reader.
	 * @param mapper the application's mapper
	 */
	public JacksonPayloadReader(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Object read(byte[] json, ResolvableType type) {
		JavaType javaType = this.mapper.constructType(type.getType());
		return this.mapper.readValue(json, javaType);
	}

}
