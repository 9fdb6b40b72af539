package dev.pipeline.boot.source;

import dev.pipeline.core.PipelineSpec;

/**
 * A kind of source that pipelines name in their configuration, under
 * {@code pipeline.pipelines.<name>.producer.<kind>}: the built-in {@code generator},
 * {@code rabbitmq} and {@code kafka}, or an application's own. Declare one as a bean and
 * its keys bind, validate, show in the effective configuration and change on restart like
 * the built-in ones:
 *
 * <pre class="code">
 * &#64;Bean
 * PipelineSourceKind&lt;TickerSettings&gt; ticker() {
 *     return PipelineSourceKind.of("ticker", TickerSettings.class, (context, settings, builder) -&gt; {
 *         if (settings.getPeriod().isNegative()) {
 *             throw context.invalid("period", settings.getPeriod(), "must not be negative", "Set a duration such as 1s.");
 *         }
 *         builder.sources(context.producerConcurrency(), (index) -&gt; new TickerSource(settings.getPeriod()));
 *         return settings;
 *     });
 * }
 * </pre>
 *
 * <p>
 * The settings type is bound from {@code producer.<kind>} with Spring Boot's
 * {@code Binder}, as any {@code @ConfigurationProperties} class is: a JavaBean with
 * setters, or a class bound through its constructor. Its defaults are its own (field
 * initialisers or {@code @DefaultValue}); a key it does not have stops start-up as an
 * unknown key. {@link #configure} is called at start-up and again at every restart, with
 * the settings bound afresh (restart overrides included), from the thread that starts the
 * pipeline.
 *
 * @param <S> the type the kind's settings bind to
 * @since 0.2.0
 */
public interface PipelineSourceKind<S> {

	/**
	 * Returns the kind's name, the key under {@code producer}.
	 * @return lower case, words separated by {@code -}, for example {@code rabbitmq}
	 */
	String name();

	/**
	 * Returns the type {@code producer.<kind>} binds to.
	 * @return the settings type
	 */
	Class<S> settingsType();

	/**
	 * Checks the bound settings and sets the pipeline's sources on its builder, and
	 * anything else the kind decides for the pipeline (for example the processors'
	 * default demand). Everything but the sources is already on the builder, so a kind
	 * can size itself from the pipeline ({@link SourceKindContext#draft}).
	 * @param context the pipeline being configured, and how to report a bad setting
	 * @param settings the bound settings, defaults applied
	 * @param builder the pipeline's builder
	 * @return the settings in effect, with the values the kind derives filled in (they
	 * show in the pipeline's effective configuration); usually {@code settings} itself
	 * @throws dev.pipeline.core.PipelineConfigurationException when a setting cannot
	 * work, from {@link SourceKindContext#invalid}; nothing else may be thrown for bad
	 * settings
	 */
	S configure(SourceKindContext context, S settings, PipelineSpec.Builder<Object> builder);

	/**
	 * Describes where the kind's messages come from, for the keys of the pipeline's
	 * observations ({@code messaging.system}, {@code messaging.destination.name},
	 * {@code messaging.consumer.group.name}). Called once per pipeline build, with the
	 * settings {@link #configure} returned.
	 * @param settings the settings in effect
	 * @return by default the kind's name as the system, with no destination
	 * @since 0.3.0
	 */
	default PipelineMessaging messaging(S settings) {
		return PipelineMessaging.of(name());
	}

	/**
	 * Returns a kind made of a name, a settings type and a function.
	 * @param name the kind's name
	 * @param settingsType the type its settings bind to
	 * @param configurer what {@link #configure} does
	 * @param <S> the settings type
	 * @return the kind
	 */
	static <S> PipelineSourceKind<S> of(String name, Class<S> settingsType, Configurer<S> configurer) {
		return new PipelineSourceKind<>() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Class<S> settingsType() {
				return settingsType;
			}

			@Override
			public S configure(SourceKindContext context, S settings, PipelineSpec.Builder<Object> builder) {
				return configurer.configure(context, settings, builder);
			}

			@Override
			public String toString() {
				return "source kind '" + name + "'";
			}

		};
	}

	/**
	 * What {@link PipelineSourceKind#configure} does, as a lambda.
	 *
	 * @param <S> the settings type
	 */
	@FunctionalInterface
	interface Configurer<S> {

		/**
		 * See {@link PipelineSourceKind#configure}.
		 * @param context the pipeline being configured
		 * @param settings the bound settings
		 * @param builder the pipeline's builder
		 * @return the settings in effect
		 */
		S configure(SourceKindContext context, S settings, PipelineSpec.Builder<Object> builder);

	}

}
