package dev.pipeline.sample.eventrelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import dev.pipeline.eventrelay.grpc.NewEvent;
import dev.pipeline.eventrelay.test.ContractServer;
import dev.pipeline.sample.BrokerSimulator;
import dev.pipeline.sample.SampleProperties;
import dev.pipeline.sample.SensorSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The {@code eventrelay} profile: readings are published to topic {@code sensor-readings}
 * of an in-process EventRelay contract server (a stand-in that speaks EventRelay's gRPC
 * contract; no EventRelay installation is needed), and the pipeline pulls them from a
 * destination of that topic. The server's port and the destination's id are put in the
 * environment as {@code sample.eventrelay.port} and
 * {@code sample.eventrelay.destination-id}, which {@code application-eventrelay.yml}
 * reads.
 */
@Configuration(proxyBeanMethods = false)
@Profile("eventrelay")
public class EventRelaySampleConfiguration {

	static final String TOPIC = "sensor-readings";

	private static final Logger logger = LoggerFactory.getLogger(EventRelaySampleConfiguration.class);

	@Bean(destroyMethod = "close")
	ContractServer eventRelayContractServer(ConfigurableEnvironment environment) {
		try {
			String token = environment.getProperty("sample.eventrelay.token", "sample-token");
			ContractServer server = ContractServer.builder().token(token).build().start();
			String destination = server.createDestination(TOPIC);
			environment.getPropertySources()
				.addFirst(new MapPropertySource("eventrelay-contract-server",
						Map.of("sample.eventrelay.port", server.port(), "sample.eventrelay.destination-id", destination,
								"sample.eventrelay.token", token)));
			logger.info("EventRelay contract server on port {}, destination {} of topic {}", server.port(), destination,
					TOPIC);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The EventRelay contract server did not start", ex);
		}
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
	BrokerSimulator eventRelaySimulator(SensorSimulator simulator, ContractServer server, JsonMapper jsonMapper,
			SampleProperties properties) {
		return new BrokerSimulator(simulator,
				(reading) -> server.publish(TOPIC,
						List.of(NewEvent.newBuilder()
							.setName("reading")
							.setGroupKey(reading.sensorId())
							.setData(jsonMapper.writeValueAsString(reading))
							.build())),
				properties.simulator().rate());
	}

}
