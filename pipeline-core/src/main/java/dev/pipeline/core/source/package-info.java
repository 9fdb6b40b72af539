/**
 * Built-in sources: an in-memory queue and a generator.
 */
@NullMarked
package dev.pipeline.core.source;

import org.jspecify.annotations.NullMarked;
