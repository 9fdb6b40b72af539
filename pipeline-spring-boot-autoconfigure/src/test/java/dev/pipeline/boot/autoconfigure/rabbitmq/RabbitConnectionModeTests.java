package dev.pipeline.boot.autoconfigure.rabbitmq;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.rabbitmq.client.Connection;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.testbrokers.Brokers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which connection a RabbitMQ pipeline consumes on
 * ({@code producer.rabbitmq.connection}), against the local broker: by default one of its
 * own, configured as Spring Boot configures the application's, named after the pipeline,
 * and closed with the application; the application's own when asked for, or when the
 * application defines its connection factory itself.
 */
class RabbitConnectionModeTests {

	private static final String QUEUE = "pipeline.it.connection-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String EXCHANGE = QUEUE + ".exchange";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, PipelineRabbitAutoConfiguration.class,
				PipelineAutoConfiguration.class))
		.withUserConfiguration(Orders.class)
		.withPropertyValues(properties(Brokers.localRabbitProperties()))
		.withPropertyValues("pipeline.pipelines.orders.producer.rabbitmq.queue=" + QUEUE,
				"pipeline.pipelines.orders.producer.rabbitmq.declare.enabled=true",
				"pipeline.pipelines.orders.producer.rabbitmq.declare.durable=false");

	@AfterEach
	void deleteQueue() {
		CachingConnectionFactory factory = new CachingConnectionFactory(Brokers.RABBITMQ_HOST, Brokers.RABBITMQ_PORT);
		try {
			RabbitAdmin admin = new RabbitAdmin(factory);
			admin.deleteQueue(QUEUE);
			admin.deleteExchange(EXCHANGE);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void whenNothingIsSetThenThePipelineConsumesOnAConnectionOfItsOwnThatClosesWithTheApplication() {
		AtomicReference<Connection> dedicated = new AtomicReference<>();
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			CachingConnectionFactory own = context.getBean(RabbitSourceConnections.class).dedicated("orders");
			assertThat(own).isNotNull().isNotSameAs(context.getBean(ConnectionFactory.class));
			Connection connection = own.createConnection().getDelegate();
			dedicated.set(connection);
			assertThat(connection.getClientProvidedName()).isEqualTo("pipeline orders");
			assertThat(connection.getPort()).isEqualTo(Brokers.RABBITMQ_PORT);
			assertThat(effective(context)).containsEntry("producer.rabbitmq.connection", "dedicated");
			assertHandles(context, 500);
		});
		assertThat(dedicated.get().isOpen()).as("the pipeline's connection after the application closed").isFalse();
	}

	@Test
	void whenTheQueueBindsToAnExchangeTheApplicationDeclaresThenThePipelineConsumesFromItsStart() {
		this.runner.withUserConfiguration(ApplicationExchange.class)
			.withPropertyValues("pipeline.pipelines.orders.producer.rabbitmq.declare.bindings[0].exchange=" + EXCHANGE,
					"pipeline.pipelines.orders.producer.rabbitmq.declare.bindings[0].routing-key=orders.#")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Orders orders = context.getBean(Orders.class);
				RabbitTemplate template = context.getBean(RabbitTemplate.class);
				// Sent right at start-up: routed only if the source bound its
				// queue on its first attempt to connect
				for (int i = 0; i < 100; i++) {
					template.convertAndSend(EXCHANGE, "orders.new", "order-" + i);
				}
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.handled.size() == 100);
			});
	}

	@Test
	void whenSharedIsSetThenThePipelineConsumesOnTheApplicationsConnectionFactory() {
		this.runner.withPropertyValues("pipeline.pipelines.orders.producer.rabbitmq.connection=shared")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RabbitSourceConnections.class).dedicated("orders")).isNull();
				assertThat(effective(context)).containsEntry("producer.rabbitmq.connection", "shared");
				assertHandles(context, 500);
			});
	}

	@Test
	void whenTheApplicationDefinesItsConnectionFactoryThenThePipelineConsumesOnIt() {
		this.runner.withUserConfiguration(OwnFactory.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RabbitSourceConnections.class).dedicated("orders")).isNull();
			assertThat(effective(context)).containsEntry("producer.rabbitmq.connection", "shared");
			assertHandles(context, 500);
		});
	}

	@Test
	void whenDedicatedIsSetAndTheApplicationDefinesItsConnectionFactoryThenStartupFailsNamingTheKey() {
		this.runner.withUserConfiguration(OwnFactory.class)
			.withPropertyValues("pipeline.pipelines.orders.producer.rabbitmq.connection=dedicated")
			.run((context) -> assertAnalysis(context,
					"Invalid value 'dedicated' for 'pipeline.pipelines.orders.producer.rabbitmq.connection': needs the"
							+ " connection factory Spring Boot builds from spring.rabbitmq.*, and this application"
							+ " defines its own ConnectionFactory bean.",
					"Set it to shared (or auto) to consume on the application's connection factory, or let Spring"
							+ " Boot build that factory."));
	}

	private static Map<String, Object> effective(AssertableApplicationContext context) {
		return context.getBean(ApplicationPipelines.class).effectiveConfiguration("orders").orElseThrow();
	}

	private static void assertHandles(AssertableApplicationContext context, int count) {
		Orders orders = context.getBean(Orders.class);
		context.getBean(AmqpAdmin.class).declareQueue(new Queue(QUEUE, false));
		RabbitTemplate template = context.getBean(RabbitTemplate.class);
		for (int i = 0; i < count; i++) {
			template.convertAndSend("", QUEUE, "order-" + i);
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.handled.size() == count);
		assertThat(orders.duplicates).isEmpty();
	}

	private static String[] properties(Map<String, Object> properties) {
		return properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	@PipelineHandler("orders")
	static class Orders {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		final Set<String> duplicates = ConcurrentHashMap.newKeySet();

		@OnMessage
		void handle(String order) {
			if (!this.handled.add(order)) {
				this.duplicates.add(order);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationExchange {

		@Bean
		TopicExchange ordersExchange() {
			return new TopicExchange(EXCHANGE, false, true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		@Bean
		CachingConnectionFactory applicationConnectionFactory() {
			CachingConnectionFactory factory = new CachingConnectionFactory(Brokers.RABBITMQ_HOST,
					Brokers.RABBITMQ_PORT);
			factory.setUsername("guest");
			factory.setPassword("guest");
			return factory;
		}

	}

}
