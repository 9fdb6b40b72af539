package dev.pipeline.rabbitmq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a pipeline's RabbitMQ source, bound from
 * {@code pipeline.pipelines.<name>.producer.rabbitmq}. The connection itself comes from
 * Spring Boot's {@code spring.rabbitmq.*}; the delays between attempts to reconnect are a
 * {@link org.springframework.util.backoff.BackOff} given to
 * {@link RabbitSources#create(org.springframework.amqp.rabbit.connection.ConnectionFactory, RabbitSourceProperties, String, int, org.springframework.util.backoff.BackOff)}.
 *
 * @since 0.1.0
 */
public class RabbitSourceProperties {

	/**
	 * Name of the queue to consume from.
	 */
	private @Nullable String queue;

	/**
	 * Most deliveries the broker may have unacknowledged on each producer's channel
	 * (basic.qos). Derived from the pipeline's demand and batch sizes when not set.
	 */
	private @Nullable Integer prefetch;

	/**
	 * How a message that went through every stage is settled.
	 */
	private AckMode onSuccess = AckMode.ACK;

	/**
	 * How a failed message is settled: 'reject' (dead-lettered if the queue has a
	 * dead-letter exchange, dropped otherwise), 'requeue', 'requeue-once' (requeued
	 * unless it was already redelivered) or 'ack'.
	 */
	private AckMode onFailure = AckMode.REJECT;

	/**
	 * Prefix of the consumer tags, followed by the pipeline name, the producer index and
	 * a connection count.
	 */
	private String consumerTagPrefix = "pipeline-";

	/**
	 * How long deliveries that arrive close together wait to be handed to the processors
	 * together (up to 64 at a time, or the demand), so that a busy stream wakes a
	 * processor once per group rather than once per message. A delivery hands the group
	 * over once the group would be this old before the next one comes; an idle processor
	 * comes back for a group that nothing follows at twice this. A delivery after a quiet
	 * spell longer than this goes at once, and so does a group once the channel's
	 * prefetch window is full. 0 hands every delivery over at once.
	 */
	private Duration linger = Duration.ofNanos(500_000);

	private final Declare declare = new Declare();

	public @Nullable String getQueue() {
		return this.queue;
	}

	public void setQueue(@Nullable String queue) {
		this.queue = queue;
	}

	public @Nullable Integer getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(@Nullable Integer prefetch) {
		this.prefetch = prefetch;
	}

	public AckMode getOnSuccess() {
		return this.onSuccess;
	}

	public void setOnSuccess(AckMode onSuccess) {
		this.onSuccess = onSuccess;
	}

	public AckMode getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(AckMode onFailure) {
		this.onFailure = onFailure;
	}

	public String getConsumerTagPrefix() {
		return this.consumerTagPrefix;
	}

	public void setConsumerTagPrefix(String consumerTagPrefix) {
		this.consumerTagPrefix = consumerTagPrefix;
	}

	public Duration getLinger() {
		return this.linger;
	}

	public void setLinger(Duration linger) {
		this.linger = linger;
	}

	public Declare getDeclare() {
		return this.declare;
	}

	/**
	 * Declaration of the queue, its bindings and its dead-letter exchange and queue, on
	 * every connection, before consuming.
	 */
	public static class Declare {

		/**
		 * Whether to declare the queue, its bindings and its dead-letter exchange and
		 * queue.
		 */
		private boolean enabled;

		/**
		 * Whether the declared queue survives a broker restart.
		 */
		private boolean durable = true;

		/**
		 * Whether the declared queue is deleted when its last consumer goes away.
		 */
		private boolean autoDelete;

		/**
		 * Extra arguments of the declared queue, such as 'x-queue-type: quorum' or
		 * 'x-message-ttl'.
		 */
		private final Map<String, String> arguments = new LinkedHashMap<>();

		/**
		 * Bindings of the queue to existing exchanges.
		 */
		private final List<Binding> bindings = new ArrayList<>();

		private final DeadLetter deadLetter = new DeadLetter();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isDurable() {
			return this.durable;
		}

		public void setDurable(boolean durable) {
			this.durable = durable;
		}

		public boolean isAutoDelete() {
			return this.autoDelete;
		}

		public void setAutoDelete(boolean autoDelete) {
			this.autoDelete = autoDelete;
		}

		public Map<String, String> getArguments() {
			return this.arguments;
		}

		public List<Binding> getBindings() {
			return this.bindings;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

	}

	/**
	 * A binding of the queue to an exchange.
	 */
	public static class Binding {

		/**
		 * Name of the exchange, which must exist.
		 */
		private @Nullable String exchange;

		/**
		 * Routing key (or pattern, for a topic exchange) of the binding.
		 */
		private String routingKey = "";

		public @Nullable String getExchange() {
			return this.exchange;
		}

		public void setExchange(@Nullable String exchange) {
			this.exchange = exchange;
		}

		public String getRoutingKey() {
			return this.routingKey;
		}

		public void setRoutingKey(String routingKey) {
			this.routingKey = routingKey;
		}

	}

	/**
	 * The dead-letter exchange and queue that rejected messages go to.
	 */
	public static class DeadLetter {

		/**
		 * Name of the dead-letter exchange (a direct exchange) to declare and set as the
		 * queue's 'x-dead-letter-exchange'. No dead-lettering when not set.
		 */
		private @Nullable String exchange;

		/**
		 * Name of the dead-letter queue, bound to the dead-letter exchange. Defaults to
		 * the queue's name followed by '.dlq'.
		 */
		private @Nullable String queue;

		public @Nullable String getExchange() {
			return this.exchange;
		}

		public void setExchange(@Nullable String exchange) {
			this.exchange = exchange;
		}

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

	}

}
