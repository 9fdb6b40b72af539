package dev.pipeline.sample.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.pipeline.sample.AggregatePublisher;
import dev.pipeline.sample.BrokerSimulator;
import dev.pipeline.sample.SampleProperties;
import dev.pipeline.sample.SensorAggregate;
import dev.pipeline.sample.SensorReconfigurer;
import dev.pipeline.sample.SensorSimulator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@code rabbitmq}: the exchanges and the configuration queue (the pipeline
 * declares its own queue, bindings and dead-letter queue from
 * {@code producer.rabbitmq.declare}), the simulator publishing JSON readings, the
 * publisher of aggregates, and the listener of configuration messages.
 */
@Configuration(proxyBeanMethods = false)
@Profile("rabbitmq")
public class RabbitSampleConfiguration {

	@Bean
	Declarables sensorDeclarables(SampleProperties properties) {
		SampleProperties.Rabbit names = properties.rabbitmq();
		return new Declarables(new TopicExchange(names.readingsExchange()),
				new TopicExchange(names.aggregatesExchange()), new Queue(names.configQueue()));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
	BrokerSimulator rabbitSimulator(SensorSimulator simulator, RabbitTemplate template, JsonMapper jsonMapper,
			SampleProperties properties) {
		String exchange = properties.rabbitmq().readingsExchange();
		return new BrokerSimulator(simulator,
				(reading) -> template.send(exchange, "sensors." + reading.sensorId(), json(jsonMapper, reading)),
				properties.simulator().rate());
	}

	@Bean
	AggregatePublisher rabbitAggregatePublisher(RabbitTemplate template, JsonMapper jsonMapper,
			SampleProperties properties) {
		String exchange = properties.rabbitmq().aggregatesExchange();
		return (List<SensorAggregate> changed) -> changed.forEach((aggregate) -> template.send(exchange,
				"aggregates." + aggregate.sensorId(), json(jsonMapper, aggregate)));
	}

	@Bean
	ConfigListener rabbitConfigListener(SensorReconfigurer reconfigurer) {
		return new ConfigListener(reconfigurer);
	}

	static Message json(JsonMapper jsonMapper, Object value) {
		return MessageBuilder.withBody(jsonMapper.writeValueAsBytes(value))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.build();
	}

	/**
	 * Reads configuration messages from {@code sample.rabbitmq.config-queue} and applies
	 * them; each is acknowledged once the pipeline has restarted, or once it was refused.
	 */
	static class ConfigListener {

		private final SensorReconfigurer reconfigurer;

		ConfigListener(SensorReconfigurer reconfigurer) {
			this.reconfigurer = reconfigurer;
		}

		@RabbitListener(queues = "${sample.rabbitmq.config-queue:sensor.config}")
		void onConfig(Message message) {
			this.reconfigurer.apply(new String(message.getBody(), StandardCharsets.UTF_8));
		}

	}

}
