package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that handles the batches of one batcher, in its batch workers.
 * Parameters, in any order: the batch, as {@code List<Message<T>>} or as {@code List<T>}
 * (the payloads), and {@link dev.pipeline.core.BatchInfo}. It may return the messages of
 * the batch ({@code List<Message<T>>}, each ok or failed on purpose) or nothing (every
 * message succeeds). An exception fails the messages of that batch.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnBatch {

	/**
	 * The batcher, as in {@code pipeline.pipelines.<name>.batchers.<batcher>}.
	 * @return the batcher's name
	 */
	String value();

}
