package dev.pipeline.eventrelay.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * A server certificate for {@code localhost} / {@code 127.0.0.1} and a client
 * certificate, each self-signed and made by the JDK's {@code keytool} in a directory of
 * the caller's, for mutual TLS between a {@link ContractServer} and the EventRelay
 * source. Each side trusts the other's certificate directly.
 *
 * @since 0.2.0
 */
public final class SelfSignedCertificates {

	private static final char[] PASSWORD = "contract".toCharArray();

	private final KeyStore server;

	private final KeyStore client;

	private SelfSignedCertificates(KeyStore server, KeyStore client) {
		this.server = server;
		this.client = client;
	}

	/**
	 * Makes both certificates, valid for two days.
	 * @param directory where the key stores are written
	 * @return the certificates
	 * @throws IOException when keytool fails
	 * @throws GeneralSecurityException when a key store cannot be read
	 */
	public static SelfSignedCertificates generate(Path directory) throws IOException, GeneralSecurityException {
		Path server = directory.resolve("server.p12");
		Path client = directory.resolve("client.p12");
		keytool(server, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
		keytool(client, "client", "CN=pipeline-eventrelay-client", null);
		return new SelfSignedCertificates(load(server), load(client));
	}

	/**
	 * @return the server's certificate and key, for {@link ContractServer.Builder#tls}
	 */
	public KeyManagerFactory serverKeys() {
		return keys(this.server);
	}

	/**
	 * @return trusts the server's certificate: for the client
	 */
	public TrustManagerFactory serverTrust() {
		return trust(this.server);
	}

	/**
	 * @return the client's certificate and key: for the client, in mutual TLS
	 */
	public KeyManagerFactory clientKeys() {
		return keys(this.client);
	}

	/**
	 * @return trusts the client's certificate: for
	 * {@link ContractServer.Builder#requireClientCertificate}
	 */
	public TrustManagerFactory clientTrust() {
		return trust(this.client);
	}

	private static void keytool(Path store, String alias, String name, @Nullable String extension) throws IOException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg",
				"EC", "-groupname", "secp256r1", "-dname", name, "-validity", "2", "-storetype", "PKCS12", "-keystore",
				store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
		if (extension != null) {
			command.add("-ext");
			command.add(extension);
		}
		Files.deleteIfExists(store);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (process.waitFor() != 0) {
				throw new IOException("keytool failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while keytool ran", ex);
		}
	}

	private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD);
		}
		return store;
	}

	private static KeyManagerFactory keys(KeyStore store) {
		try {
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, PASSWORD);
			return factory;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the generated key store", ex);
		}
	}

	private static TrustManagerFactory trust(KeyStore store) {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the generated key store", ex);
		}
	}

}
