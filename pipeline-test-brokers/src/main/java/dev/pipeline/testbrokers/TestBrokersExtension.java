package dev.pipeline.testbrokers;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The JUnit side of {@link TestBrokers}: before the test class's application context is
 * made, decides between containers and the local brokers, checks that a local RabbitMQ
 * broker answers, starts the local Kafka broker if the run needs one, and says in the
 * test output which broker the class runs against. The application context side is
 * {@link TestBrokersContextCustomizerFactory}.
 */
public final class TestBrokersExtension implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		TestBrokers brokers = AnnotatedElementUtils.findMergedAnnotation(testClass, TestBrokers.class);
		if (brokers == null) {
			return;
		}
		for (Broker broker : brokers.value()) {
			if (!Brokers.containers() && broker == Broker.RABBITMQ) {
				Brokers.localRabbitProperties();
			}
			Brokers.report(testClass, broker);
		}
	}

}
