package dev.pipeline.boot.autoconfigure.rabbitmq;

import dev.pipeline.boot.source.PipelineMessaging;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RabbitMQ source kind describes its messages for the observations' messaging keys.
 */
class RabbitSourceKindMessagingTests {

	@Test
	void whenARabbitPipelineIsObservedThenItsQueueIsTheDestination() {
		PipelineRabbitProperties settings = new PipelineRabbitProperties();
		settings.setQueue("orders");
		assertThat(new RabbitSourceKind(() -> null).messaging(settings))
			.isEqualTo(new PipelineMessaging("rabbitmq", "orders", null));
	}

}
