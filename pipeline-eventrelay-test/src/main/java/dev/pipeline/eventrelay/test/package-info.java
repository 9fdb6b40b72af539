/**
 * A contract server of the EventRelay gRPC API, to run the EventRelay source against in
 * tests, samples and benchmarks.
 */
@NullMarked
package dev.pipeline.eventrelay.test;

import org.jspecify.annotations.NullMarked;
