/**
 * The engine's stages and their hand-offs; not an API.
 */
@NullMarked
package dev.pipeline.core.internal;

import org.jspecify.annotations.NullMarked;
