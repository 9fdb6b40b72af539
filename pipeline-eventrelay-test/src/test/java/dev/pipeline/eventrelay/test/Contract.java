package dev.pipeline.eventrelay.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.eventrelay.EventRelaySourceSettings;
import dev.pipeline.eventrelay.EventRelaySources;
import dev.pipeline.eventrelay.EventRelayTls;
import dev.pipeline.eventrelay.grpc.NewEvent;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What the tests over a real gRPC channel share: one pair of self-signed certificates, a
 * contract server with mutual TLS and a bearer token, and the source's settings that
 * reach it.
 */
final class Contract implements AutoCloseable {

	static final String TOKEN = "contract-token";

	static final String PUBLISH_ONLY_TOKEN = "contract-publish-only-token";

	private static SelfSignedCertificates certificates;

	final ContractServer server;

	private Contract(ContractServer server) {
		this.server = server;
	}

	/**
	 * @return a started server with mutual TLS and the token
	 */
	static Contract start() {
		return start(Duration.ZERO);
	}

	/**
	 * @param pullAnswerDelay how long after it arrives a pull is answered
	 * @return a started server with mutual TLS and the token
	 */
	static Contract start(Duration pullAnswerDelay) {
		try {
			SelfSignedCertificates tls = certificates();
			return new Contract(ContractServer.builder()
				.pullAnswerDelay(pullAnswerDelay)
				.token(TOKEN)
				.publishOnlyToken(PUBLISH_ONLY_TOKEN)
				.tls(tls.serverKeys())
				.requireClientCertificate(tls.clientTrust())
				.build()
				.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static synchronized SelfSignedCertificates certificates() {
		if (certificates == null) {
			try {
				Path directory = Files.createTempDirectory("eventrelay-tls");
				directory.toFile().deleteOnExit();
				certificates = SelfSignedCertificates.generate(directory);
				for (Path file : List.of(directory.resolve("server.p12"), directory.resolve("client.p12"))) {
					file.toFile().deleteOnExit();
				}
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return certificates;
	}

	static EventRelayTls clientTls() {
		SelfSignedCertificates tls = certificates();
		return EventRelayTls.mutual(tls.clientKeys(), tls.serverTrust());
	}

	/**
	 * @param destinationId the destination
	 * @return settings that reach this server with TLS and the token, with short waits
	 */
	EventRelaySourceSettings settings(String destinationId) {
		EventRelaySourceSettings settings = new EventRelaySourceSettings();
		settings.setDestinationId(destinationId);
		settings.setHost("localhost");
		settings.setPort(this.server.port());
		settings.setToken(TOKEN);
		settings.setPullInterval(Duration.ofMillis(20));
		settings.setDeadline(Duration.ofSeconds(5));
		return settings;
	}

	EventRelaySources sources(String pipeline, EventRelaySourceSettings settings) {
		ExponentialBackOff backOff = new ExponentialBackOff(20, 2.0);
		backOff.setMaxInterval(200);
		backOff.setJitter(10);
		return EventRelaySources.create(settings, pipeline, clientTls(), backOff);
	}

	/**
	 * Publishes {@code count} events whose data is {@code {"n": i}}.
	 * @param topic the topic
	 * @param count how many
	 */
	void publish(String topic, int count) {
		List<NewEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(NewEvent.newBuilder().setName("reading").setData("{\"n\":" + i + "}").build());
		}
		this.server.publish(topic, events);
	}

	/**
	 * @param data an event's data as published by {@link #publish}
	 * @return its number
	 */
	static int number(byte[] data) {
		String text = new String(data, StandardCharsets.UTF_8);
		return Integer.parseInt(text.substring(5, text.length() - 1));
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10));
	}

	@Override
	public void close() {
		this.server.close();
	}

}
