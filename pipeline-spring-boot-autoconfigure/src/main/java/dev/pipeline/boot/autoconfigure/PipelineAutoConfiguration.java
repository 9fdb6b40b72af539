package dev.pipeline.boot.autoconfigure;

import dev.pipeline.boot.annotation.DefaultPayloadConverter;
import dev.pipeline.boot.annotation.JacksonPayloadReader;
import dev.pipeline.boot.annotation.JsonPayloadReader;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.boot.test.PipelineTestClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the pipelines declared under {@code pipeline.pipelines.*} and
 * handled by {@code @PipelineHandler} beans: binds them at start-up, registers them in a
 * {@link ApplicationPipelines} that starts them with the context and drains them on
 * shutdown. Off with {@code pipeline.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBooleanProperty(name = "pipeline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PipelineProperties.class)
public final class PipelineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PayloadConverter pipelinePayloadConverter(ObjectProvider<JsonPayloadReader> json,
			ObjectProvider<ConversionService> conversionService) {
		return new DefaultPayloadConverter(
				conversionService.getIfUnique(ApplicationConversionService::getSharedInstance), json.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(PipelineRegistry.class)
	ApplicationPipelines pipelineRegistry() {
		return new ApplicationPipelines();
	}

	@Bean
	PipelineInitializer pipelineInitializer(PipelineProperties properties, ConfigurableListableBeanFactory beanFactory,
			Environment environment, PayloadConverter converter, ObjectProvider<ApplicationPipelines> registry,
			ObjectProvider<PipelineTestClient> testClient, ObjectProvider<PipelineSourceConfigurer> brokers,
			ObjectProvider<PipelineListener> listeners, ObjectProvider<PipelineSpecCustomizer> customizers) {
		PipelineSources sources = new PipelineSources(beanFactory, Binder.get(environment),
				brokers.orderedStream().toList());
		PipelineFactory factory = new PipelineFactory(properties, beanFactory, converter, sources,
				() -> listeners.orderedStream().toList(), () -> customizers.orderedStream().toList());
		return new PipelineInitializer(factory, registry::getIfAvailable, properties,
				properties.getTest().isInMemory() ? testClient.getObject() : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	static class JacksonPayloadConfiguration {

		@Bean
		@ConditionalOnMissingBean(JsonPayloadReader.class)
		@ConditionalOnBean(JsonMapper.class)
		JacksonPayloadReader pipelineJsonPayloadReader(JsonMapper jsonMapper) {
			return new JacksonPayloadReader(jsonMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("pipeline.test.in-memory")
	static class PipelineTestConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PipelineTestClient pipelineTestClient() {
			return new PipelineTestClient();
		}

	}

}
