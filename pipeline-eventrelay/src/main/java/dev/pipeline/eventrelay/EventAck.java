package dev.pipeline.eventrelay;

import org.jspecify.annotations.Nullable;

/**
 * The acknowledgement data of one event: its id, and the {@code on-failure} a handler set
 * for it alone.
 *
 * @param id the event's id
 * @param onFailure what happens if it fails, or {@code null} for the source's setting
 */
record EventAck(String id, @Nullable EventRelayFailureMode onFailure) {
}
