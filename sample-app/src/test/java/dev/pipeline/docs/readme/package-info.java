/**
 * The README's example, compiled and run.
 */
@NullMarked
package dev.pipeline.docs.readme;

import org.jspecify.annotations.NullMarked;
