package dev.pipeline.boot.source;

import java.util.List;
import java.util.function.LongFunction;

import dev.pipeline.core.PipelineConfigurationException;
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

	/** The key of the payload bean's name, under {@code producer.generator}. */
	private static final String PAYLOAD_BEAN = "payload-bean";

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
			Class<?> payloadType = context.payloadType().toClass();
			if (!payloadType.isAssignableFrom(Long.class)) {
				throw PipelineConfigurationException.of(context.pipeline(), List.of(context.key(PAYLOAD_BEAN)),
						"Pipeline '" + PipelineConfigurationException.path(context.pipeline(), "")
								+ "' has a generator without a payload bean ('"
								+ PipelineConfigurationException.path(context.pipeline(), context.key(PAYLOAD_BEAN))
								+ "'), which emits the message number (a java.lang.Long), but "
								+ context.handlerMethod() + " takes a " + context.payloadType()
								+ ", which a Long cannot become.",
						"Set " + context.key(PAYLOAD_BEAN) + " to the name of a LongFunction<"
								+ payloadType.getSimpleName()
								+ "> bean that makes the payload of message n, or take a Long in the @OnMessage method.");
			}
			return (n) -> n;
		}
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, LongFunction.class)) {
			throw context.invalid(PAYLOAD_BEAN, beanName,
					"there is no bean of that name implementing java.util.function.LongFunction",
					"Declare a LongFunction bean named '" + beanName
							+ "' that makes the payload of message n, or remove the key to emit n.");
		}
		return this.beanFactory.getBean(beanName, LongFunction.class);
	}

}
