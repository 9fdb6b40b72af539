package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that gives the partition key of a message: messages with the same key
 * are handled by the same processor, one at a time, in source order. Takes the payload
 * and/or the {@code Message<T>} and the metadata, and returns the key. An alternative to
 * {@code pipeline.pipelines.<name>.processors.default.partition-by}; a pipeline has one
 * or the other. Runs on the producer's thread: keep it cheap.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PartitionKey {

}
