/**
 * End-to-end benchmarks of the engine, each next to a bare java.util.concurrent hand-off
 * of the same messages measured in the same JVM run, and to Broadway's own figures.
 */
@NullMarked
package dev.pipeline.bench;

import org.jspecify.annotations.NullMarked;
