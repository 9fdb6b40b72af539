/**
 * The sample's EventRelay profile.
 */
@NullMarked
package dev.pipeline.sample.eventrelay;

import org.jspecify.annotations.NullMarked;
