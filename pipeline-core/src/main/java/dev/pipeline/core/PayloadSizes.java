package dev.pipeline.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The default measure of a payload's bytes for {@code batch-max-bytes}. */
final class PayloadSizes {

	private PayloadSizes() {
	}

	static long of(Message<?> message) {
		Object data = message.data();
		if (data instanceof byte[] bytes) {
			return bytes.length;
		}
		if (data instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8).length;
		}
		if (data instanceof ByteBuffer buffer) {
			return buffer.remaining();
		}
		return 0;
	}

}
