package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that handles each message of a {@link PipelineHandler} bean, in the
 * processors. Parameters, in any order: the payload (converted to the declared type), the
 * {@code Message<T>}, and the metadata ({@code Map<String, Object>}). It may return the
 * message (changed with {@code toBatcher}, {@code withBatchKey}, {@code failed}...), a
 * new payload, or nothing (the message goes on unchanged, with the converted payload). An
 * exception fails that message only.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMessage {

}
