/**
 * Test support: in-memory sources for every pipeline of a {@code @SpringBootTest}, and a
 * client that pushes messages through them.
 */
@NullMarked
package dev.pipeline.boot.test;

import org.jspecify.annotations.NullMarked;
