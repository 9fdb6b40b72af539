package dev.pipeline.boot.source;

import java.util.function.LongFunction;

import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.source.GeneratorSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The {@code generator} source kind: an in-memory source that makes message n from n, at
 * a rate or as fast as the pipeline demands.
 *
 * @since 0.2.0
 */
public final class GeneratorSourceKind implements PipelineSourceKind<GeneratorSettings> {

	private final ListableBeanFactory beanFactory;

	/**
	 * Creates the kind.
	 * @param beanFactory where payload beans are looked up
	 */
	public GeneratorSourceKind(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public String name() {
		return "generator";
	}

	@Override
	public Class<GeneratorSettings> settingsType() {
		return GeneratorSettings.class;
	}

	@Override
	public GeneratorSettings configure(SourceKindContext context, GeneratorSettings settings,
			PipelineSpec.Builder<Object> builder) {
		double rate = settings.getRate();
		if (rate < 0) {
			throw context.invalid("rate", rate, "must be 0 (as fast as demanded) or more",
					"Set a rate in messages per second, or remove the key.");
		}
		if (settings.getLimit() < 0) {
			throw context.invalid("limit", settings.getLimit(), "must be 0 (no end) or more",
					"Set how many messages to make, or remove the key.");
		}
		LongFunction<Object> payloads = payloads(context, settings.getPayloadBean());
		long limit = (settings.getLimit() > 0) ? settings.getLimit() : Long.MAX_VALUE;
		builder.sources(context.producerConcurrency(), (index) -> GeneratorSource.of(payloads, limit, rate));
		return settings;
	}

	@SuppressWarnings("unchecked")
	private LongFunction<Object> payloads(SourceKindContext context, @Nullable String beanName) {
		if (beanName == null) {
			return (n) -> n;
		}
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, LongFunction.class)) {
			throw context.invalid("payload-bean", beanName,
					"there is no bean of that name implementing java.util.function.LongFunction",
					"Declare a LongFunction bean named '" + beanName
							+ "' that makes the payload of message n, or remove the key to emit n.");
		}
		return this.beanFactory.getBean(beanName, LongFunction.class);
	}

}
