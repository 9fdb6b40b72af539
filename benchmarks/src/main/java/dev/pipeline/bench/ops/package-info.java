/**
 * Operations benchmarks: what metrics and observations cost the engine. See
 * docs/benchmarks-brokers.md.
 */
@NullMarked
package dev.pipeline.bench.ops;

import org.jspecify.annotations.NullMarked;
