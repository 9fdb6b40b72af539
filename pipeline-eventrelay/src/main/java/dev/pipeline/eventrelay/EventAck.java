package dev.pipeline.eventrelay;

import org.jspecify.annotations.Nullable;

/**
 * The acknowledgement data of one event: where it is in the pull that brought it, and the
 * {@code on-failure} a handler set for it alone.
 *
 * @param batch the events of its pull
 * @param index its place there
 * @param onFailure what happens if it fails, or {@code null} for the source's setting
 */
record EventAck(PulledBatch batch, int index, @Nullable EventRelayFailureMode onFailure) {

	String id() {
		return this.batch.id(this.index);
	}

}
