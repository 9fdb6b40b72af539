package dev.pipeline.rabbitmq;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Makes the RabbitMQ sources of a pipeline, one per producer, from the application's
 * Spring AMQP {@link ConnectionFactory} and the pipeline's
 * {@link RabbitSourceProperties}.
 *
 * <pre class="code">
 * PipelineSpec&lt;byte[]&gt; spec = Pipeline.&lt;byte[]&gt;builder("orders")
 *     .sources(1, RabbitSources.create(connectionFactory, properties, "orders", 200))
 *     ...
 * </pre>
 *
 * <p>
 * Prefetch: when {@code prefetch} is not set, each channel gets the derived bound of
 * {@link #derivePrefetch(PipelineSpec)}: what the pipeline can hold and keep busy, spread
 * over the producers, so the broker is never the bottleneck and never sends more than the
 * pipeline can work on.
 *
 * @since 0.1.0
 */
public final class RabbitSources {

	/**
	 * The prefetch used when it is neither set nor derived: Broadway RabbitMQ's default.
	 */
	public static final int DEFAULT_PREFETCH = 50;

	/** The largest prefetch count AMQP 0-9-1 can carry (an unsigned short). */
	public static final int MAX_PREFETCH = 65_535;

	/** Where the source's keys sit, relative to a pipeline. */
	private static final String KEY = "producer.rabbitmq.";

	private RabbitSources() {
	}

	private static PipelineConfigurationException invalid(String pipeline, String setting, Object value,
			String requirement, String action) {
		return PipelineConfigurationException.invalid(pipeline, KEY + setting, value, requirement, action);
	}

	/**
	 * Returns the sources of a pipeline with the set prefetch, or
	 * {@link #DEFAULT_PREFETCH}.
	 * @param connectionFactory the application's connection factory
	 * @param properties the source's settings
	 * @param pipelineName the pipeline's name, for consumer tags and error messages
	 * @return makes the source of each producer index
	 * @throws PipelineConfigurationException naming the key when a setting is invalid
	 */
	public static IntFunction<Source<byte[]>> create(ConnectionFactory connectionFactory,
			RabbitSourceProperties properties, String pipelineName) {
		return create(connectionFactory, properties, pipelineName, DEFAULT_PREFETCH);
	}

	/**
	 * Returns the sources of a pipeline, with the set prefetch or else the one derived
	 * from the pipeline's demand, reconnecting after the delays of
	 * {@link #defaultReconnect()}.
	 * @param connectionFactory the application's connection factory
	 * @param properties the source's settings
	 * @param pipelineName the pipeline's name, for consumer tags and error messages
	 * @param derivedPrefetch the prefetch to use when none is set, usually
	 * {@link #derivePrefetch(PipelineSpec)}
	 * @return makes the source of each producer index
	 * @throws PipelineConfigurationException naming the key when a setting is invalid
	 */
	public static IntFunction<Source<byte[]>> create(ConnectionFactory connectionFactory,
			RabbitSourceProperties properties, String pipelineName, int derivedPrefetch) {
		return create(connectionFactory, properties, pipelineName, derivedPrefetch, defaultReconnect());
	}

	/**
	 * Returns the delays between attempts to reconnect when none are given: 1s, doubling
	 * up to 30s, each moved at random by up to 250ms, for as long as the source runs.
	 * @return Spring Framework's exponential back-off with those delays
	 */
	public static BackOff defaultReconnect() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
		backOff.setMaxInterval(30_000);
		backOff.setJitter(250);
		return backOff;
	}

	/**
	 * Returns the sources of a pipeline, with the set prefetch or else the one derived
	 * from the pipeline's demand.
	 * @param connectionFactory the application's connection factory
	 * @param properties the source's settings
	 * @param pipelineName the pipeline's name, for consumer tags and error messages
	 * @param derivedPrefetch the prefetch to use when none is set, usually
	 * {@link #derivePrefetch(PipelineSpec)}
	 * @param reconnect the delays between attempts to reconnect after the connection or
	 * the channel was lost; every source starts its own execution, afresh after each
	 * successful connection, and stops trying when an execution stops
	 * @return makes the source of each producer index
	 * @throws PipelineConfigurationException naming the key when a setting is invalid
	 */
	public static IntFunction<Source<byte[]>> create(ConnectionFactory connectionFactory,
			RabbitSourceProperties properties, String pipelineName, int derivedPrefetch, BackOff reconnect) {
		String queue = properties.getQueue();
		if (queue == null || queue.isBlank()) {
			throw invalid(pipelineName, "queue", (queue != null) ? queue : "", "must name a queue",
					"Set the name of the queue to consume from.");
		}
		Integer setPrefetch = properties.getPrefetch();
		int prefetch = (setPrefetch != null) ? setPrefetch : Math.min(Math.max(derivedPrefetch, 1), MAX_PREFETCH);
		if (prefetch < 1 || prefetch > MAX_PREFETCH) {
			throw invalid(pipelineName, "prefetch", prefetch, "must be between 1 and " + MAX_PREFETCH,
					"Set a count in that range, or remove the key to derive it from the pipeline's demand.");
		}
		Duration linger = properties.getLinger();
		if (linger.isNegative()) {
			throw invalid(pipelineName, "linger", linger, "must not be negative",
					"Set a duration such as 500us, or 0 to hand each delivery over at once.");
		}
		QueueDeclaration declaration = declaration(queue, properties.getDeclare());
		String tagPrefix = properties.getConsumerTagPrefix() + pipelineName + "-";
		return (index) -> new RabbitSource(new SpringRabbitClient(connectionFactory, declaration),
				new SourceSettings(queue, prefetch, properties.getOnSuccess(), properties.getOnFailure(),
						tagPrefix + index, reconnect, linger));
	}

	/**
	 * Makes the connections of a factory run their consumers' callbacks on the client's
	 * reader thread, the thread that reads the socket, instead of handing each delivery
	 * to a dispatch thread that must then be woken. A RabbitMQ source on such a
	 * connection costs markedly less CPU per message, since the client's own hand-off is
	 * the largest cost of a consumer.
	 *
	 * <p>
	 * Give it a factory of the sources' own, never one shared with listener containers or
	 * other consumers: a callback that waits for the broker (a listener that publishes
	 * with confirms, or closes a channel) would wait on the very thread that reads the
	 * reply. The sources' callbacks never wait. Set it before the first connection.
	 *
	 * <pre class="code">
	 * CachingConnectionFactory connections = new CachingConnectionFactory(rabbitConnectionFactory);
	 * RabbitSources.deliverOnReaderThread(connections);
	 * IntFunction&lt;Source&lt;byte[]&gt;&gt; sources = RabbitSources.create(connections, properties, "orders");
	 * </pre>
	 * @param connectionFactory a connection factory used by RabbitMQ sources only
	 */
	public static void deliverOnReaderThread(AbstractConnectionFactory connectionFactory) {
		connectionFactory.setExecutor(new ReaderThreadExecutor());
	}

	/**
	 * Derives the prefetch of each channel from a pipeline's demand: the messages its
	 * processors can hold, plus, for each batcher, one batch filling while each batch
	 * worker works on another, spread over the producers: <pre>
	 * prefetch = ceil((processors × max-demand + Σ batchers (batch-size × (concurrency + 1))) / producers)
	 * </pre> capped at {@link #MAX_PREFETCH}. This follows Broadway's advice (prefetch at
	 * least max-demand × processors, more with batchers), and it is the bound:
	 * unacknowledged deliveries at the broker never exceed it per channel.
	 * @param spec the pipeline's spec (its source does not matter)
	 * @return the prefetch of each channel
	 */
	public static int derivePrefetch(PipelineSpec<?> spec) {
		long total = (long) spec.processors().concurrency() * spec.processors().maxDemand();
		for (BatcherSettings<?> batcher : spec.batchers()) {
			total += (long) batcher.batchSize() * (batcher.concurrency() + 1);
		}
		long producers = spec.producerConcurrency();
		return (int) Math.min(MAX_PREFETCH, Math.max(1, (total + producers - 1) / producers));
	}

	/** Queue arguments are typed at the broker: numbers and booleans are sent as such. */
	private static Object argument(String value) {
		if (value.matches("-?\\d{1,18}")) {
			return Long.parseLong(value);
		}
		if (value.equals("true") || value.equals("false")) {
			return Boolean.parseBoolean(value);
		}
		return value;
	}

	private static @Nullable QueueDeclaration declaration(String queue, RabbitSourceProperties.Declare declare) {
		if (!declare.isEnabled()) {
			return null;
		}
		Map<String, Object> arguments = new LinkedHashMap<>();
		declare.getArguments().forEach((name, value) -> arguments.put(name, argument(value)));
		List<Map.Entry<String, String>> bindings = new ArrayList<>();
		for (RabbitSourceProperties.Binding binding : declare.getBindings()) {
			String exchange = (binding.getExchange() != null) ? binding.getExchange() : "";
			bindings.add(new AbstractMap.SimpleImmutableEntry<>(exchange, binding.getRoutingKey()));
		}
		String deadLetterExchange = declare.getDeadLetter().getExchange();
		String deadLetterQueue = null;
		if (deadLetterExchange != null) {
			deadLetterQueue = (declare.getDeadLetter().getQueue() != null) ? declare.getDeadLetter().getQueue()
					: queue + ".dlq";
		}
		return new QueueDeclaration(queue, declare.isDurable(), declare.isAutoDelete(), Map.copyOf(arguments),
				List.copyOf(bindings), deadLetterExchange, deadLetterQueue);
	}

}
