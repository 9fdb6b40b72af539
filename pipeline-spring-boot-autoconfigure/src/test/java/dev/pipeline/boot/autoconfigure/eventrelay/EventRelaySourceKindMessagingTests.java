package dev.pipeline.boot.autoconfigure.eventrelay;

import dev.pipeline.boot.source.PipelineMessaging;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EventRelay source kind describes its messages for the observations' messaging keys.
 */
class EventRelaySourceKindMessagingTests {

	@Test
	void whenAnEventRelayPipelineIsObservedThenItsDestinationIdIsTheDestination() {
		EventRelayProperties settings = new EventRelayProperties();
		settings.setDestinationId("d-42");
		assertThat(new EventRelaySourceKind(() -> null).messaging(settings))
			.isEqualTo(new PipelineMessaging("eventrelay", "d-42", null));
	}

}
