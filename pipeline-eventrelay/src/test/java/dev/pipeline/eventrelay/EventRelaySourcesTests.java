package dev.pipeline.eventrelay;

import java.time.Duration;

import dev.pipeline.core.PipelineConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Settings that cannot work are refused with the key under {@code producer.eventrelay},
 * the value, what is allowed and the fix.
 */
class EventRelaySourcesTests {

	private static EventRelaySourceSettings valid() {
		EventRelaySourceSettings settings = new EventRelaySourceSettings();
		settings.setDestinationId("2a6e0b1c");
		return settings;
	}

	@Test
	void whenTheSettingsAreValidThenSourcesAreMadeWithoutConnecting() {
		EventRelaySources sources = EventRelaySources.create(valid(), "orders", null);

		assertThat(sources.destinationId()).isEqualTo("2a6e0b1c");
		assertThat(sources.connectionState().status()).isEqualTo(EventRelayConnectionState.Status.UNKNOWN);
		assertThat(sources.apply(0).describe()).isEqualTo("eventrelay: 2a6e0b1c");
	}

	@Test
	void whenNoDestinationIdIsSetThenTheErrorNamesTheKey() {
		EventRelaySourceSettings settings = valid();
		settings.setDestinationId(null);

		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> EventRelaySources.create(settings, "orders", null))
			.satisfies((ex) -> assertThat(ex.reason("pipeline.pipelines."))
				.isEqualTo("Invalid value '' for 'pipeline.pipelines.orders.producer.eventrelay.destination-id': "
						+ "must name a destination."))
			.withMessage("Invalid value '' for 'orders.producer.eventrelay.destination-id': must name a destination. "
					+ "Action: Set the id of the EventRelay destination (of type api) to pull queued events from.");
	}

	@Test
	void whenThePortIsOutOfRangeThenTheErrorNamesTheKeyAndTheValue() {
		EventRelaySourceSettings settings = valid();
		settings.setPort(70_000);

		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> EventRelaySources.create(settings, "orders", null))
			.withMessage("Invalid value '70000' for 'orders.producer.eventrelay.port': must be between 1 and 65535. "
					+ "Action: Set the port of EventRelay's gRPC API, or remove the key to use 50051.")
			.satisfies((ex) -> assertThat(ex.keys()).containsExactly("producer.eventrelay.port"));
	}

	@Test
	void whenTheTokenIsBlankThenItIsRefused() {
		EventRelaySourceSettings settings = valid();
		settings.setToken(" ");

		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> EventRelaySources.create(settings, "orders", null))
			.withMessage("Invalid value ' ' for 'orders.producer.eventrelay.token': must not be blank. "
					+ "Action: Set the API key's token, or remove the key to send none.");
	}

	@Test
	void whenMaxBatchSizeIsZeroThenItIsRefused() {
		EventRelaySourceSettings settings = valid();
		settings.setMaxBatchSize(0);

		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> EventRelaySources.create(settings, "orders", null))
			.withMessage("Invalid value '0' for 'orders.producer.eventrelay.max-batch-size': must be 1 or more. "
					+ "Action: Set a positive number of events, or remove the key to use the default.");
	}

	@Test
	void whenThePullIntervalIsZeroThenItIsRefused() {
		EventRelaySourceSettings settings = valid();
		settings.setPullInterval(Duration.ZERO);

		assertThatExceptionOfType(PipelineConfigurationException.class)
			.isThrownBy(() -> EventRelaySources.create(settings, "orders", null))
			.withMessage("Invalid value 'PT0S' for 'orders.producer.eventrelay.pull-interval': must be positive. "
					+ "Action: Set a duration such as 1s, or remove the key to use the default.");
	}

}
