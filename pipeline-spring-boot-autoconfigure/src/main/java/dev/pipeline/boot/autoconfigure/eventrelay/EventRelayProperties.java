package dev.pipeline.boot.autoconfigure.eventrelay;

import dev.pipeline.eventrelay.EventRelaySourceSettings;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the EventRelay source kind, under {@code producer.eventrelay}: the source's
 * own settings, and TLS through a Spring Boot SSL bundle.
 *
 * @since 0.2.0
 */
public class EventRelayProperties extends EventRelaySourceSettings {

	private final Ssl ssl = new Ssl();

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
