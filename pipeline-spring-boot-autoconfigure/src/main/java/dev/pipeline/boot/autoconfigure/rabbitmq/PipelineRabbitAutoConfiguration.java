package dev.pipeline.boot.autoconfigure.rabbitmq;

import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.source.PipelineSourceKind;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Lets pipelines consume from RabbitMQ ({@code producer.rabbitmq}) through the
 * application's {@link ConnectionFactory}, which Spring Boot configures from
 * {@code spring.rabbitmq.*}. Active when Spring AMQP is on the classpath.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = PipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass(name = { "dev.pipeline.rabbitmq.RabbitSources",
		"org.springframework.amqp.rabbit.connection.ConnectionFactory" })
public final class PipelineRabbitAutoConfiguration {

	@Bean
	static PipelineSourceKind<PipelineRabbitProperties> pipelineRabbitSourceKind(
			ObjectProvider<ConnectionFactory> connectionFactory) {
		return new RabbitSourceKind(connectionFactory::getObject);
	}

}
