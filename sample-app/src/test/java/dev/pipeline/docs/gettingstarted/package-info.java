/**
 * The example of docs/getting-started.md, compiled and run.
 */
@NullMarked
package dev.pipeline.docs.gettingstarted;

import org.jspecify.annotations.NullMarked;
