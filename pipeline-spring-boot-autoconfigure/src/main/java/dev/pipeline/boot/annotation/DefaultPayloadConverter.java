package dev.pipeline.boot.annotation;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionService;

/**
 * Converts source data to declared payload types: data that already has the type as it
 * is; {@code byte[]} and {@code String} into each other (UTF-8); simple types (numbers,
 * enums, UUIDs...) through a {@link ConversionService}; anything else from JSON through a
 * {@link JsonPayloadReader}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class DefaultPayloadConverter implements PayloadConverter {

	private final ConversionService conversionService;

	private final @Nullable JsonPayloadReader json;

	/**
	 * Creates a converter.
	 * @param conversionService converts text to simple types
	 * @param json reads JSON, or {@code null} when there is no JSON library
	 */
	public DefaultPayloadConverter(ConversionService conversionService, @Nullable JsonPayloadReader json) {
		this.conversionService = conversionService;
		this.json = json;
	}

	@Override
	public Object convert(Object data, ResolvableType type) {
		Class<?> target = type.toClass();
		if (target.isInstance(data) && !type.hasGenerics()) {
			return data;
		}
		if (target == String.class && data instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (target == byte[].class && data instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		if (!(data instanceof byte[]) && !(data instanceof String)) {
			if (target.isInstance(data)) {
				return data;
			}
			throw new PayloadConversionException("Cannot convert the payload, a " + data.getClass().getName() + ", to "
					+ type + ": only byte[] and String data are converted.");
		}
		try {
			if (BeanUtils.isSimpleValueType(target) && this.conversionService.canConvert(String.class, target)) {
				Object converted = this.conversionService.convert(text(data), target);
				if (converted == null) {
					throw new PayloadConversionException("Cannot convert an empty payload to " + type + ".");
				}
				return converted;
			}
			if (this.json == null) {
				throw new PayloadConversionException("Cannot convert the payload to " + type
						+ ": no JSON library is on the classpath; add spring-boot-starter-jackson.");
			}
			return this.json.read(bytes(data), type);
		}
		catch (PayloadConversionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new PayloadConversionException(
					"Cannot convert the payload to " + type + ": " + firstLine(ex.getMessage()) + ".", ex);
		}
	}

	private static String text(Object data) {
		return (data instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : (String) data;
	}

	private static byte[] bytes(Object data) {
		return (data instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) data;
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "no details";
		}
		int end = message.indexOf('\n');
		String line = (end >= 0) ? message.substring(0, end) : message;
		return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
	}

}
