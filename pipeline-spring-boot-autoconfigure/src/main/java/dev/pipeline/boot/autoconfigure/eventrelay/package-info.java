/**
 * Auto-configuration of the EventRelay source; wiring only.
 */
@NullMarked
package dev.pipeline.boot.autoconfigure.eventrelay;

import org.jspecify.annotations.NullMarked;
