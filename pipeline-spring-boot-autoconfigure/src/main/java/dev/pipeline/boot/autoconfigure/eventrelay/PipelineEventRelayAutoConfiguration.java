package dev.pipeline.boot.autoconfigure.eventrelay;

import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.source.PipelineSourceKind;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Lets pipelines pull events from EventRelay ({@code producer.eventrelay}), with TLS from
 * the application's SSL bundles. Active when the {@code pipeline-eventrelay} module is on
 * the classpath.
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = PipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(name = "dev.pipeline.eventrelay.EventRelaySources")
public final class PipelineEventRelayAutoConfiguration {

	@Bean
	static PipelineSourceKind<EventRelayProperties> pipelineEventRelaySourceKind(ObjectProvider<SslBundles> bundles) {
		return new EventRelaySourceKind(bundles::getIfAvailable);
	}

}
