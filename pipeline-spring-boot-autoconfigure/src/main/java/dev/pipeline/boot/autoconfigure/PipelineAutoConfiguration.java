package dev.pipeline.boot.autoconfigure;

import java.util.function.UnaryOperator;

import dev.pipeline.boot.annotation.DefaultPayloadConverter;
import dev.pipeline.boot.annotation.JacksonPayloadReader;
import dev.pipeline.boot.annotation.JsonPayloadReader;
import dev.pipeline.boot.annotation.PayloadConverter;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.config.PipelineBinder;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.boot.source.GeneratorSourceKind;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.PipelineSourceReplacement;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.ThreadMode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.task.TaskDecorator;

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
	static GeneratorSourceKind pipelineGeneratorSourceKind(ListableBeanFactory beanFactory) {
		return new GeneratorSourceKind(beanFactory);
	}

	@Bean
	PipelineInitializer pipelineInitializer(ConfigurableListableBeanFactory beanFactory,
			ConfigurableEnvironment environment, PayloadConverter converter,
			ObjectProvider<ApplicationPipelines> registry, ObjectProvider<PipelineSourceReplacement> replacement,
			ObjectProvider<PipelineSourceKind<?>> kinds, ObjectProvider<PipelineListener> listeners,
			ObjectProvider<PipelineSpecCustomizer> customizers, PipelineProperties properties,
			ObjectProvider<TaskDecorator> taskDecorator) {
		PipelineBinder binder = new PipelineBinder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment), ApplicationConversionService.getSharedInstance(),
				kinds.orderedStream().toList());
		PipelineFactory factory = new PipelineFactory(binder, beanFactory, converter,
				() -> listeners.orderedStream().toList(), () -> customizers.orderedStream().toList(),
				replacement.getIfUnique(),
				Threading.VIRTUAL.isActive(environment) ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM,
				properties.getObservations().isEnabled(), threadDecorator(taskDecorator.getIfUnique()));
		return new PipelineInitializer(factory, registry::getIfAvailable);
	}

	/**
	 * Spring's {@link TaskDecorator} around the threads that run handlers, as Spring Boot
	 * applies it to its own executors: it decorates each thread's work once, when the
	 * pipeline starts, on the starting thread.
	 */
	private static @Nullable UnaryOperator<Runnable> threadDecorator(@Nullable TaskDecorator decorator) {
		return (decorator != null) ? decorator::decorate : null;
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

}
