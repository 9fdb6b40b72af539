package dev.pipeline.boot.autoconfigure.eventrelay;

import java.time.Duration;

import dev.pipeline.boot.source.BackOffSettings;
import dev.pipeline.eventrelay.EventRelaySourceSettings;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the EventRelay source kind, under {@code producer.eventrelay}: the source's
 * own settings, the delays between attempts after a failed call, and TLS through a Spring
 * Boot SSL bundle.
 *
 * @since 0.2.0
 */
public class EventRelayProperties extends EventRelaySourceSettings {

	/**
	 * Delays between attempts after a failed pull or unlock call.
	 */
	private final BackOffSettings reconnect = new BackOffSettings(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30),
			Duration.ofMillis(250));

	private final Ssl ssl = new Ssl();

	public BackOffSettings getReconnect() {
		return this.reconnect;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * TLS to EventRelay.
	 */
	public static class Ssl {

		/**
		 * Whether to connect with TLS; implied by a bundle.
		 */
		private boolean enabled;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) with the certificates to trust
		 * and, for mutual TLS, the client's key and certificate.
		 */
		private @Nullable String bundle;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
