package dev.pipeline.boot.autoconfigure.rabbitmq;

import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.source.PipelineSourceKind;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Lets pipelines consume from RabbitMQ ({@code producer.rabbitmq}) on connections
 * configured from {@code spring.rabbitmq.*}: each pipeline's own, built as Spring Boot
 * builds the application's {@link ConnectionFactory}, or that factory itself. Active when
 * Spring AMQP is on the classpath.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = PipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass(
		name = { "dev.pipeline.rabbitmq.RabbitSources", "org.springframework.amqp.rabbit.connection.ConnectionFactory",
				"org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer" })
public final class PipelineRabbitAutoConfiguration {

	@Bean
	static RabbitSourceConnections pipelineRabbitSourceConnections(ObjectProvider<ConnectionFactory> connectionFactory,
			ObjectProvider<CachingConnectionFactoryConfigurer> configurer, ConfigurableListableBeanFactory beans) {
		return new RabbitSourceConnections(connectionFactory, configurer, beans);
	}

	@Bean
	static PipelineSourceKind<PipelineRabbitProperties> pipelineRabbitSourceKind(RabbitSourceConnections connections) {
		return new RabbitSourceKind(connections);
	}

}
