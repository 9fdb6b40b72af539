package dev.pipeline.core.testing;

import java.util.List;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageStatus;

/**
 * The messages a {@link TestAck} saw acknowledged.
 *
 * @param succeeded acknowledged as successful, as they left the last stage
 * @param failed acknowledged as failed, each with its reason
 * @param <T> the type of the data
 * @since 0.1.0
 */
public record AckResult<T>(List<Message<T>> succeeded, List<Message<T>> failed) {

	/**
	 * @return the data of the messages that succeeded
	 */
	public List<T> succeededData() {
		return this.succeeded.stream().map(Message::data).toList();
	}

	/**
	 * @return the data of the messages that failed
	 */
	public List<T> failedData() {
		return this.failed.stream().map(Message::data).toList();
	}

	/**
	 * @return the reasons of the failures, in the order of {@link #failed()}
	 */
	public List<String> failureReasons() {
		return this.failed.stream()
			.map((message) -> (message.status() instanceof MessageStatus.Failed failure) ? failure.reason() : "ok")
			.toList();
	}

}
