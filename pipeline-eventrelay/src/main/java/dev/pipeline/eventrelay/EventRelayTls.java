package dev.pipeline.eventrelay;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * The TLS material of the connection to EventRelay: the trust managers that check the
 * server's certificate (the CA), and, for mutual TLS, the key managers that hold the
 * client's certificate and key (an API key's certificate in EventRelay). A framework
 * builds it from its own store of certificates, e.g. a Spring Boot SSL bundle's
 * {@code getManagers()}.
 *
 * @param keyManagers the client's certificate and key, or {@code null} for TLS without a
 * client certificate
 * @param trustManagers what the server's certificate is checked against, or {@code null}
 * for the JDK's default trust store
 * @since 0.2.0
 */
public record EventRelayTls(@Nullable KeyManagerFactory keyManagers, @Nullable TrustManagerFactory trustManagers) {

	/**
	 * TLS with the server's certificate checked against {@code trustManagers}, and no
	 * client certificate.
	 * @param trustManagers the trusted certificates
	 * @return the TLS material
	 */
	public static EventRelayTls trusting(TrustManagerFactory trustManagers) {
		return new EventRelayTls(null, trustManagers);
	}

	/**
	 * Mutual TLS.
	 * @param keyManagers the client's certificate and key
	 * @param trustManagers the trusted certificates
	 * @return the TLS material
	 */
	public static EventRelayTls mutual(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
		return new EventRelayTls(keyManagers, trustManagers);
	}

}
