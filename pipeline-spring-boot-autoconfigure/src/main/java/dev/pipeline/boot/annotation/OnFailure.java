package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that sees failed messages before they are acknowledged as failed.
 * Takes a {@code List<Message<T>>}; returns the messages (possibly changed, for example
 * with {@code configureAck}) or nothing. A message whose payload could not be converted
 * reaches it with its data as the source gave it.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnFailure {

}
