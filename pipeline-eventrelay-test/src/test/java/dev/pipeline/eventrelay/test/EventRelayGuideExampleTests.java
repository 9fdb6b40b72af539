package dev.pipeline.eventrelay.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.pipeline.core.Pipeline;
import dev.pipeline.eventrelay.EventRelayAckOption;
import dev.pipeline.eventrelay.EventRelayFailureMode;
import dev.pipeline.eventrelay.EventRelayMetadata;
import dev.pipeline.eventrelay.EventRelaySourceSettings;
import dev.pipeline.eventrelay.EventRelaySources;
import dev.pipeline.eventrelay.EventRelayTls;
import dev.pipeline.eventrelay.grpc.NewEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-Java example of docs/eventrelay.md, run against a contract server: the code
 * between the markers is the guide's, word for word.
 */
class EventRelayGuideExampleTests {

	private final List<String> upcased = new CopyOnWriteArrayList<>();

	@Test
	void whenTheGuidesExampleRunsThenItHandlesThePublishedEvents() throws Exception {
		SelfSignedCertificates certificates = Contract.certificates();
		try (ContractServer server = ContractServer.builder()
			.token("the-api-key-token")
			.tls(certificates.serverKeys())
			.requireClientCertificate(certificates.clientTrust())
			.build()
			.start()) {
			String destinationId = server.createDestination("users");
			server.publish("users",
					List.of(NewEvent.newBuilder().setName("user.created").setData("{\"first_name\":\"Bill\"}").build(),
							NewEvent.newBuilder().setName("user.created").setData("{\"first_name\":\"\"}").build()));
			Pipeline<byte[]> pipeline = example(destinationId, server.port(), certificates.clientKeys(),
					certificates.serverTrust());
			try {
				Contract.await().until(() -> this.upcased.size() == 1 && server.stats(destinationId).queued() == 0);
				assertThat(this.upcased).containsExactly("BILL");
			}
			finally {
				pipeline.drain(Duration.ofSeconds(10));
			}
			assertThat(server.stats(destinationId).locked()).as("both consumed, the empty name discarded").isEqualTo(2);
		}
	}

	private Pipeline<byte[]> example(String destinationId, int port, KeyManagerFactory clientKeys,
			TrustManagerFactory trustedCa) {
		// guide:start
		EventRelaySourceSettings settings = new EventRelaySourceSettings();
		settings.setDestinationId(destinationId);
		settings.setHost("localhost");
		settings.setPort(port);
		settings.setToken("the-api-key-token");
		settings.setPullInterval(Duration.ofSeconds(1));
		settings.setOnFailure(EventRelayFailureMode.UNLOCK);

		EventRelaySources sources = EventRelaySources.create(settings, "users",
				EventRelayTls.mutual(clientKeys, trustedCa));

		Pipeline<byte[]> pipeline = Pipeline.create(Pipeline.<byte[]>builder("users")
			.sources(1, sources)
			.processors((p) -> p.concurrency(2).maxDemand(50))
			.onMessage((message) -> {
				String json = new String(message.data(), StandardCharsets.UTF_8);
				String firstName = json.replaceAll(".*\"first_name\":\"([^\"]*)\".*", "$1");
				if (firstName.isEmpty()) {
					// consumed, not delivered again
					return message.configureAck(EventRelayAckOption.onFailure(EventRelayFailureMode.DISCARD))
						.failed("No first name in event " + message.metadata().get(EventRelayMetadata.ID) + ".");
				}
				this.upcased.add(firstName.toUpperCase());
				return message;
			})
			.build());
		pipeline.start();
		// guide:end
		return pipeline;
	}

}
