package dev.pipeline.testbrokers;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * The application context side of {@link TestBrokers}, registered in
 * {@code META-INF/spring.factories}: with Docker, registers each broker's container as a
 * {@code @ServiceConnection} bean; without, puts the local brokers' properties first.
 */
public final class TestBrokersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		TestBrokers brokers = TestContextAnnotationUtils.findMergedAnnotation(testClass, TestBrokers.class);
		return (brokers != null) ? new Customizer(EnumSet.copyOf(Arrays.asList(brokers.value()))) : null;
	}

	/**
	 * Adds the brokers to one application context. Equal for equal broker sets, so the
	 * test framework's context cache works.
	 *
	 * @param brokers the brokers the test needs
	 */
	private record Customizer(Set<Broker> brokers) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			if (Brokers.containers()) {
				AnnotatedBeanDefinitionReader reader = new AnnotatedBeanDefinitionReader(
						(BeanDefinitionRegistry) context.getBeanFactory(), context.getEnvironment());
				if (this.brokers.contains(Broker.RABBITMQ)) {
					reader.registerBean(BrokerContainers.Rabbit.class);
				}
				if (this.brokers.contains(Broker.KAFKA)) {
					reader.registerBean(BrokerContainers.Kafka.class);
				}
				return;
			}
			Map<String, Object> properties = new LinkedHashMap<>();
			if (this.brokers.contains(Broker.RABBITMQ)) {
				properties.putAll(Brokers.localRabbitProperties());
			}
			if (this.brokers.contains(Broker.KAFKA)) {
				properties.putAll(Brokers.localKafkaProperties());
			}
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testBrokers", properties));
		}

	}

}
