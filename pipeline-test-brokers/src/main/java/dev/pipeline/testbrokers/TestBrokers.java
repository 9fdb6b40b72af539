package dev.pipeline.testbrokers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a {@code @SpringBootTest} its brokers. When a Docker engine answers, each broker
 * is a Testcontainers container ({@code RabbitMQContainer}, {@code KafkaContainer})
 * declared as a {@code @ServiceConnection} bean, so Spring Boot connects to it through
 * its connection details; otherwise the local broker: RabbitMQ on 127.0.0.1:5672
 * (guest/guest), Kafka at {@code PIPELINE_KAFKA_BOOTSTRAP} (or the system property
 * {@code pipeline.kafka.bootstrap}) or a KRaft broker started once for the test run. The
 * test output says which one ran. A local broker that does not answer fails the test
 * class; nothing is skipped.
 *
 * <p>
 * The local brokers are set as {@code spring.rabbitmq.*} and
 * {@code spring.kafka.bootstrap-servers}, ahead of the test's own properties, as a
 * service connection would be.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestBrokersExtension.class)
public @interface TestBrokers {

	/**
	 * @return the brokers the test needs
	 */
	Broker[] value();

}
