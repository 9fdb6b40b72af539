package dev.pipeline.rabbitmq;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import org.jspecify.annotations.Nullable;

/**
 * The queue topology a source declares before it consumes, when declaration is on: the
 * dead-letter exchange and queue, the queue itself (pointing at the dead-letter exchange)
 * and its bindings. Declaring is idempotent, so it runs on every connection.
 *
 * @param queue the queue
 * @param durable whether the queue survives a broker restart
 * @param autoDelete whether the queue goes when its last consumer does
 * @param arguments extra queue arguments
 * @param bindings the exchange and routing key of each binding
 * @param deadLetterExchange the dead-letter exchange, or {@code null} for none
 * @param deadLetterQueue the dead-letter queue, or {@code null} for none
 */
record QueueDeclaration(String queue, boolean durable, boolean autoDelete, Map<String, Object> arguments,
		List<Map.Entry<String, String>> bindings, @Nullable String deadLetterExchange,
		@Nullable String deadLetterQueue) {

	void declare(Channel channel) throws IOException {
		Map<String, Object> queueArguments = new HashMap<>(this.arguments);
		if (this.deadLetterExchange != null && this.deadLetterQueue != null) {
			channel.exchangeDeclare(this.deadLetterExchange, "direct", this.durable);
			channel.queueDeclare(this.deadLetterQueue, this.durable, false, false, null);
			channel.queueBind(this.deadLetterQueue, this.deadLetterExchange, this.deadLetterQueue);
			queueArguments.put("x-dead-letter-exchange", this.deadLetterExchange);
			queueArguments.put("x-dead-letter-routing-key", this.deadLetterQueue);
		}
		channel.queueDeclare(this.queue, this.durable, false, this.autoDelete, queueArguments);
		for (Map.Entry<String, String> binding : this.bindings) {
			channel.queueBind(this.queue, binding.getKey(), binding.getValue());
		}
	}

}
