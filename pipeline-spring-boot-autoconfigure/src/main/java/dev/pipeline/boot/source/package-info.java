/**
 * The source-kind contract: how a kind of source binds its own keys under
 * {@code producer.<kind>} and makes a pipeline's sources.
 */
@NullMarked
package dev.pipeline.boot.source;

import org.jspecify.annotations.NullMarked;
