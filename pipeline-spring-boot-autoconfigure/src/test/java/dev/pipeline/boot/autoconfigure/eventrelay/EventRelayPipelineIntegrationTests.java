package dev.pipeline.boot.autoconfigure.eventrelay;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.actuate.PipelinesHealthIndicator;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.boot.autoconfigure.PipelineAutoConfiguration;
import dev.pipeline.boot.lifecycle.ApplicationPipelines;
import dev.pipeline.core.Pipeline;
import dev.pipeline.eventrelay.grpc.NewEvent;
import dev.pipeline.eventrelay.test.ContractServer;
import dev.pipeline.eventrelay.test.SelfSignedCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.pipeline.boot.support.Failures.assertAnalysis;
import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code eventrelay} source kind in a Spring Boot application, against a contract
 * server over mutual TLS (a Spring Boot SSL bundle) with a bearer token: events flow, the
 * keys show in the effective configuration, a wrong token turns health DOWN with the
 * reason without blocking start-up, and bad settings stop start-up naming the key.
 */
class EventRelayPipelineIntegrationTests {

	private static final String TOKEN = "spring-token";

	private static Path certificates;

	private static ContractServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class,
				PipelineEventRelayAutoConfiguration.class, SslAutoConfiguration.class))
		.withUserConfiguration(Events.class)
		.withPropertyValues(bundle("keystore", "client.p12"), bundle("keystore.password", "contract"),
				bundle("keystore.type", "PKCS12"), bundle("truststore", "server.p12"),
				bundle("truststore.password", "contract"), bundle("truststore.type", "PKCS12"),
				"pipeline.pipelines.relay.producer.eventrelay.host=localhost",
				"pipeline.pipelines.relay.producer.eventrelay.ssl.bundle=relay",
				"pipeline.pipelines.relay.producer.eventrelay.pull-interval=20ms",
				"pipeline.pipelines.relay.processors.default.concurrency=2");

	@BeforeAll
	static void startServer() throws IOException, GeneralSecurityException {
		certificates = Files.createTempDirectory("eventrelay-boot");
		SelfSignedCertificates tls = SelfSignedCertificates.generate(certificates);
		server = ContractServer.builder()
			.token(TOKEN)
			.tls(tls.serverKeys())
			.requireClientCertificate(tls.clientTrust())
			.build()
			.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	private static String bundle(String key, String value) {
		if (key.equals("keystore") || key.equals("truststore")) {
			return "spring.ssl.bundle.jks.relay." + key + ".location=" + certificates.resolve(value).toUri();
		}
		return "spring.ssl.bundle.jks.relay." + key + "=" + value;
	}

	private ApplicationContextRunner destination(String destination, String token) {
		return this.runner.withPropertyValues("pipeline.pipelines.relay.producer.eventrelay.port=" + server.port(),
				"pipeline.pipelines.relay.producer.eventrelay.destination-id=" + destination,
				"pipeline.pipelines.relay.producer.eventrelay.token=" + token);
	}

	@Nested
	class Flow {

		@Test
		void whenEventsArePublishedThenEachIsHandledOnceOverMutualTls() {
			String destination = server.createDestination("readings");
			List<NewEvent> events = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				events.add(NewEvent.newBuilder().setName("reading").setData("{\"n\":" + i + "}").build());
			}
			server.publish("readings", events);
			destination(destination, TOKEN).run((context) -> {
				Events handler = context.getBean(Events.class);
				await().until(() -> handler.seen.size() == 1_000);
				assertThat(handler.duplicates.get()).isZero();
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
				assertThat(registry(context).effectiveConfiguration("relay").orElseThrow())
					.containsEntry("producer.eventrelay.destination-id", destination)
					.containsEntry("producer.eventrelay.ssl.bundle", "relay")
					.containsEntry("producer.eventrelay.pull-interval", "20ms");
			});
			await().until(() -> server.stats(destination).locked() == 1_000);
		}

		@Test
		void whenTheTokenIsWrongThenStartupGoesOnAndHealthIsDownWithTheReason() {
			String destination = server.createDestination("guarded");
			destination(destination, "not-the-token").run((context) -> {
				assertThat(context).hasNotFailed();
				await().until(() -> health(context).getStatus().equals(Status.DOWN)
						&& String.valueOf(health(context).getDetails().get("source")).contains("UNAUTHENTICATED"));
			});
		}

	}

	@Nested
	class Settings {

		@Test
		void whenNoDestinationIsSetThenStartupFailsNamingTheKey() {
			EventRelayPipelineIntegrationTests.this.runner
				.withPropertyValues("pipeline.pipelines.relay.producer.eventrelay.token=" + TOKEN)
				.run((context) -> assertAnalysis(context,
						"Invalid value '' for 'pipeline.pipelines.relay.producer.eventrelay.destination-id': must name"
								+ " a destination.",
						"Set the id of the EventRelay destination (of type api) to pull queued events from."));
		}

		@Test
		void whenThePortIsOutOfRangeThenStartupFailsNamingTheKey() {
			destination("d", TOKEN).withPropertyValues("pipeline.pipelines.relay.producer.eventrelay.port=70000")
				.run((context) -> assertAnalysis(context,
						"Invalid value '70000' for 'pipeline.pipelines.relay.producer.eventrelay.port': must be"
								+ " between 1 and 65535.",
						"Set the port of EventRelay's gRPC API, or remove the key to use 50051."));
		}

		@Test
		void whenTheBundleDoesNotExistThenStartupFailsNamingTheKey() {
			destination("d", TOKEN).withPropertyValues("pipeline.pipelines.relay.producer.eventrelay.ssl.bundle=nope")
				.run((context) -> assertAnalysis(context,
						"Invalid value 'nope' for 'pipeline.pipelines.relay.producer.eventrelay.ssl.bundle': there is"
								+ " no SSL bundle of that name.",
						"Define it under spring.ssl.bundle.pem.nope or spring.ssl.bundle.jks.nope, or correct the"
								+ " name."));
		}

		@Test
		void whenACertificateFileIsMissingThenStartupFailsNamingTheKeyAndTheFile() {
			URI missing = certificates.resolve("missing.p12").toUri();
			destination("d", TOKEN).withPropertyValues("spring.ssl.bundle.jks.relay.keystore.location=" + missing)
				.run((context) -> assertAnalysis(context,
						"Invalid value 'relay' for 'pipeline.pipelines.relay.producer.eventrelay.ssl.bundle': its"
								+ " certificates or key cannot be read (Unable to create key store: Could not load"
								+ " store from '" + missing + "').",
						"Check the files and passwords of spring.ssl.bundle.*.relay."));
		}

	}

	private static ApplicationPipelines registry(AssertableApplicationContext context) {
		return context.getBean(ApplicationPipelines.class);
	}

	private static Health health(AssertableApplicationContext context) {
		Pipeline<?> pipeline = registry(context).get("relay");
		return PipelinesHealthIndicator.health(pipeline);
	}

	@PipelineHandler("relay")
	static class Events {

		final Set<String> seen = ConcurrentHashMap.newKeySet();

		final AtomicInteger duplicates = new AtomicInteger();

		@OnMessage
		void handle(String json) {
			if (!this.seen.add(json)) {
				this.duplicates.incrementAndGet();
			}
		}

	}

}
