/**
 * The running pipelines of an application and their lifecycle in the application context.
 */
@NullMarked
package dev.pipeline.boot.lifecycle;

import org.jspecify.annotations.NullMarked;
