package dev.pipeline.boot.autoconfigure.rabbitmq;

import dev.pipeline.boot.source.PipelineMessaging;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RabbitMQ source kind describes its messages for the observations' messaging keys.
 */
class RabbitSourceKindMessagingTests {

	@Test
	void whenARabbitPipelineIsObservedThenItsQueueIsTheDestination() {
		PipelineRabbitProperties settings = new PipelineRabbitProperties();
		settings.setQueue("orders");
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		RabbitSourceConnections connections = new RabbitSourceConnections(
				beans.getBeanProvider(ConnectionFactory.class),
				beans.getBeanProvider(CachingConnectionFactoryConfigurer.class), beans);
		assertThat(new RabbitSourceKind(connections).messaging(settings))
			.isEqualTo(new PipelineMessaging("rabbitmq", "orders", null));
	}

}
