package dev.pipeline.boot.autoconfigure.eventrelay;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

import javax.net.ssl.TrustManagerFactory;

import dev.pipeline.boot.source.PipelineMessaging;
import dev.pipeline.boot.source.PipelineSourceKind;
import dev.pipeline.boot.source.SourceKindContext;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.eventrelay.EventRelaySources;
import dev.pipeline.eventrelay.EventRelayTls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The {@code eventrelay} source kind: pulls a destination's queued events over gRPC, with
 * TLS from a Spring Boot SSL bundle ({@code producer.eventrelay.ssl.bundle}).
 */
final class EventRelaySourceKind implements PipelineSourceKind<EventRelayProperties> {

	private final Supplier<@Nullable SslBundles> sslBundles;

	EventRelaySourceKind(Supplier<@Nullable SslBundles> sslBundles) {
		this.sslBundles = sslBundles;
	}

	@Override
	public String name() {
		return "eventrelay";
	}

	@Override
	public Class<EventRelayProperties> settingsType() {
		return EventRelayProperties.class;
	}

	@Override
	public PipelineMessaging messaging(EventRelayProperties settings) {
		return new PipelineMessaging(name(), settings.getDestinationId(), null);
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public EventRelayProperties configure(SourceKindContext context, EventRelayProperties settings,
			PipelineSpec.Builder<Object> builder) {
		settings.getReconnect().validate(context, "reconnect");
		EventRelayTls tls = tls(context, settings.getSsl());
		java.util.function.IntFunction sources = EventRelaySources.create(settings, context.pipeline(), tls,
				settings.getReconnect().toBackOff());
		builder.sources(context.producerConcurrency(), sources);
		return settings;
	}

	private @Nullable EventRelayTls tls(SourceKindContext context, EventRelayProperties.Ssl ssl) {
		String name = ssl.getBundle();
		if (name == null || name.isBlank()) {
			return ssl.isEnabled() ? new EventRelayTls(null, defaultTrust()) : null;
		}
		SslBundles bundles = this.sslBundles.get();
		SslBundle bundle;
		try {
			if (bundles == null) {
				throw new NoSuchSslBundleException(name, "no SSL bundles are configured");
			}
			bundle = bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw context.invalid("ssl.bundle", name, "there is no SSL bundle of that name",
					"Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or correct the name.");
		}
		try {
			SslManagerBundle managers = bundle.getManagers();
			return new EventRelayTls(managers.getKeyManagerFactory(), managers.getTrustManagerFactory());
		}
		catch (RuntimeException ex) {
			throw context.invalid("ssl.bundle", name,
					"its certificates or key cannot be read (" + ex.getMessage() + ")",
					"Check the files and passwords of spring.ssl.bundle.*." + name + ".");
		}
	}

	private static TrustManagerFactory defaultTrust() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init((KeyStore) null);
			return trust;
		}
		catch (NoSuchAlgorithmException | KeyStoreException ex) {
			throw new IllegalStateException("The JDK's default trust store cannot be read", ex);
		}
	}

}
