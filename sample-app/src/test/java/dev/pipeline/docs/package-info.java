/**
 * The Java and YAML blocks of README.md and docs/getting-started.md, compiled and run.
 */
@NullMarked
package dev.pipeline.docs;

import org.jspecify.annotations.NullMarked;
