package dev.pipeline.eventrelay;

/**
 * What happens to an event whose processing failed ({@code on-failure}). A successful
 * event needs no call: the lock its pull took consumes it.
 *
 * @since 0.2.0
 */
public enum EventRelayFailureMode {

	/**
	 * Unlock the event ({@code UnLockQueuedEvents}, grouped with the other failures), so
	 * that a later pull of the destination returns it again: at-least-once.
	 *
	 * <p>
	 * WARNING: an event that always fails is delivered again forever.
	 */
	UNLOCK,

	/** Leave the event locked: it is consumed, as the Broadway producer does. */
	DISCARD

}
