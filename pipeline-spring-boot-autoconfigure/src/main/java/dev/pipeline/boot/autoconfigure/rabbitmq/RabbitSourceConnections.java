package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.config.PipelineBinder;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.rabbitmq.RabbitSources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;

/**
 * The connection factories of the RabbitMQ pipelines: the application's, or one of each
 * pipeline's own, made at its first start and kept across restarts until the application
 * closes.
 *
 * <p>
 * A pipeline's own factory starts from the client-level factory under the application's
 * (host, credentials, SSL, heartbeat, timeouts and every
 * {@code ConnectionFactoryCustomizer} as Spring Boot applied them), then Spring Boot's
 * {@link CachingConnectionFactoryConfigurer} adds what it sets on the application's
 * (addresses from the connection details, cache and close settings); its connection is
 * named after the pipeline, and its consumer callbacks run on the client's reader thread
 * ({@link RabbitSources#deliverOnReaderThread}). That is only possible when Spring Boot
 * built the application's factory: one the application defines may hold settings no
 * configurer knows.
 */
final class RabbitSourceConnections implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RabbitSourceConnections.class);

	/**
	 * The name of the method of Spring Boot's auto-configuration that builds the factory.
	 */
	private static final String BOOT_FACTORY_METHOD = "rabbitConnectionFactory";

	private static final String BOOT_FACTORY_CLASS = "RabbitAutoConfiguration$RabbitConnectionFactoryCreator";

	private final ObjectProvider<ConnectionFactory> application;

	private final ObjectProvider<CachingConnectionFactoryConfigurer> configurer;

	private final ConfigurableListableBeanFactory beans;

	private final Map<String, CachingConnectionFactory> dedicated = new ConcurrentHashMap<>();

	private volatile boolean closed;

	RabbitSourceConnections(ObjectProvider<ConnectionFactory> application,
			ObjectProvider<CachingConnectionFactoryConfigurer> configurer, ConfigurableListableBeanFactory beans) {
		this.application = application;
		this.configurer = configurer;
		this.beans = beans;
	}

	/**
	 * Decides the connection of a pipeline.
	 * @param context the pipeline being configured
	 * @param mode the mode set for it
	 * @return the mode decided, never {@link RabbitConnectionMode#AUTO}
	 * @throws dev.pipeline.core.PipelineConfigurationException when a dedicated
	 * connection is asked for and cannot be built
	 */
	RabbitConnectionMode decide(SourceKindContext context, RabbitConnectionMode mode) {
		if (mode == RabbitConnectionMode.SHARED) {
			return mode;
		}
		if (builtBySpringBoot()) {
			return RabbitConnectionMode.DEDICATED;
		}
		if (mode == RabbitConnectionMode.DEDICATED) {
			throw context.invalid("connection", "dedicated",
					"needs the connection factory Spring Boot builds from spring.rabbitmq.*, and this application"
							+ " defines its own ConnectionFactory bean",
					"Set it to shared (or auto) to consume on the application's connection factory,"
							+ " or let Spring Boot build that factory.");
		}
		logger.info("Pipeline '" + context.pipeline() + "' consumes on the application's RabbitMQ connection"
				+ " factory, which the application defines itself; set " + PipelineBinder.PREFIX + context.pipeline()
				+ "." + context.key("connection")
				+ "=shared to say so, or let Spring Boot build the factory to give the pipeline a connection"
				+ " of its own");
		return RabbitConnectionMode.SHARED;
	}

	/**
	 * Returns the connection factory of a pipeline.
	 * @param pipeline the pipeline's name
	 * @param mode a mode {@linkplain #decide decided}
	 * @return the application's factory, or the pipeline's own
	 */
	ConnectionFactory connectionFactory(String pipeline, RabbitConnectionMode mode) {
		if (mode == RabbitConnectionMode.SHARED) {
			return this.application.getObject();
		}
		if (this.closed) {
			throw new IllegalStateException(
					"The application is closing; no connection for pipeline '" + pipeline + "'");
		}
		return this.dedicated.computeIfAbsent(pipeline, this::create);
	}

	/**
	 * @param pipeline a pipeline's name
	 * @return its own connection factory, if one was made
	 */
	@Nullable CachingConnectionFactory dedicated(String pipeline) {
		return this.dedicated.get(pipeline);
	}

	private CachingConnectionFactory create(String pipeline) {
		AbstractConnectionFactory boot = (AbstractConnectionFactory) this.application.getObject();
		CachingConnectionFactory factory = new CachingConnectionFactory(boot.getRabbitConnectionFactory());
		this.configurer.getObject().configure(factory);
		factory.setConnectionNameStrategy((connections) -> "pipeline " + pipeline);
		factory.setBeanName("pipeline-" + pipeline + "-connectionFactory");
		factory.addConnectionListener((connection) -> declareApplicationTopology(boot, pipeline));
		RabbitSources.deliverOnReaderThread(factory);
		return factory;
	}

	/**
	 * Opens the application's connection, if it is not open yet, before a pipeline's own
	 * is used: Spring AMQP's {@code RabbitAdmin} declares the application's exchanges,
	 * queues and bindings when that connection is created, and the pipeline's queue may
	 * be bound to one of them. Runs on the thread that connects the source, never on a
	 * reader thread.
	 */
	private static void declareApplicationTopology(ConnectionFactory application, String pipeline) {
		try {
			application.createConnection().close();
		}
		catch (RuntimeException ex) {
			logger.debug("Pipeline '" + pipeline + "' could not open the application's RabbitMQ connection first;"
					+ " the application's declarations follow when it opens", ex);
		}
	}

	private boolean builtBySpringBoot() {
		if (this.configurer.getIfAvailable() == null) {
			return false;
		}
		String[] names = this.beans.getBeanNamesForType(ConnectionFactory.class, true, false);
		if (names.length != 1 || !this.beans.containsBeanDefinition(names[0])) {
			return false;
		}
		BeanDefinition definition = this.beans.getBeanDefinition(names[0]);
		String factoryBean = definition.getFactoryBeanName();
		return BOOT_FACTORY_METHOD.equals(definition.getFactoryMethodName()) && factoryBean != null
				&& factoryBean.endsWith(BOOT_FACTORY_CLASS)
				&& this.application.getObject() instanceof AbstractConnectionFactory;
	}

	/** Closes the pipelines' own connections, once the pipelines have stopped. */
	@Override
	public void destroy() {
		this.closed = true;
		this.dedicated.values().forEach(CachingConnectionFactory::destroy);
		this.dedicated.clear();
	}

}
