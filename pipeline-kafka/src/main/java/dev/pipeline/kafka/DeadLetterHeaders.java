package dev.pipeline.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * The headers of a dead letter: the failed record's own headers, then Spring Kafka's
 * {@code kafka_dlt-*} headers ({@link KafkaHeaders#DLT_ORIGINAL_TOPIC} and the others),
 * encoded as Spring Kafka's {@code DeadLetterPublishingRecoverer} encodes them, so that
 * tools written for Spring Kafka's dead letters read ours: the partition a big-endian
 * 4-byte int, the offset and the timestamp big-endian 8-byte longs, text UTF-8. Two
 * headers of the pipeline's own follow, {@link #REASON} and {@link #ATTEMPTS}.
 */
final class DeadLetterHeaders {

	/**
	 * Why the pipeline failed the record, UTF-8 text (a failure need not be an
	 * exception).
	 */
	static final String REASON = "pipeline-dlt-reason";

	/**
	 * How many times the record was delivered to the pipeline, in decimal UTF-8 text: the
	 * source's delivery attempts, or a share group's delivery count.
	 */
	static final String ATTEMPTS = "pipeline-dlt-attempts";

	private DeadLetterHeaders() {
	}

	/**
	 * Returns the headers of a failed record's dead letter.
	 * @param record the failed record
	 * @param group the consumer group or share group that consumed it
	 * @param reason why it failed
	 * @param cause the exception that failed it, or {@code null}
	 * @param attempts how many times it was delivered
	 * @return the headers
	 */
	static RecordHeaders of(ConsumerRecord<byte[], byte[]> record, String group, String reason,
			@Nullable Throwable cause, int attempts) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			headers.add(header);
		}
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
				ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
				ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, utf8(record.timestampType().toString()));
		headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(group));
		if (cause != null) {
			headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(cause.getClass().getName()));
			Throwable inner = cause.getCause();
			if (inner != null) {
				headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, utf8(inner.getClass().getName()));
			}
			if (cause.getMessage() != null) {
				headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(cause.getMessage()));
			}
			headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, utf8(stackTrace(cause)));
		}
		headers.add(REASON, utf8(reason));
		headers.add(ATTEMPTS, utf8(Integer.toString(attempts)));
		return headers;
	}

	private static String stackTrace(Throwable cause) {
		StringWriter text = new StringWriter();
		cause.printStackTrace(new PrintWriter(text, true));
		return text.toString();
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
