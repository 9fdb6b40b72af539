package dev.pipeline.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks the bean that handles the messages of one pipeline, the one configured under
 * {@code pipeline.pipelines.<name>}. A stereotype: the class is found by component
 * scanning. Its methods are bound once, at start-up: {@link OnMessage} (required),
 * {@link OnBatch} (one per configured batcher), and optionally {@link OnFailure},
 * {@link PrepareMessages} and {@link PartitionKey}.
 *
 * <pre class="code">
 * &#64;PipelineHandler("sensors")
 * class SensorPipeline {
 *
 *     &#64;OnMessage
 *     Message&lt;Reading&gt; handle(Message&lt;Reading&gt; message) {
 *         return message.toBatcher("aggregates").withBatchKey(message.data().sensorId());
 *     }
 *
 *     &#64;OnBatch("aggregates")
 *     void aggregate(List&lt;Reading&gt; readings, BatchInfo info) { ... }
 *
 * }
 * </pre>
 *
 * <p>
 * Methods run on the engine's stage threads, concurrently: the bean must be thread-safe.
 * One bean per pipeline; a bean for a pipeline that is not configured stops start-up.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface PipelineHandler {

	/**
	 * The name of the pipeline, as in {@code pipeline.pipelines.<name>}. It is not the
	 * bean's name: the bean is named as any component is, after its class.
	 * @return the pipeline's name
	 */
	@AliasFor("pipeline")
	String value() default "";

	/**
	 * The name of the pipeline; an alias for {@link #value()}.
	 * @return the pipeline's name
	 */
	@AliasFor("value")
	String pipeline() default "";

}
