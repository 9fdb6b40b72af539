package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that prepares a chunk of messages in a processor before they are
 * handled one by one, for bulk look-ups. Takes a {@code List<Message<T>>} and returns a
 * {@code List<Message<T>>} with the same messages in the same order.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PrepareMessages {

}
