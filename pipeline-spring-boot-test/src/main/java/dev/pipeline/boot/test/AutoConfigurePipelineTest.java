package dev.pipeline.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Put on a {@code @SpringBootTest} class: every configured pipeline reads from an
 * in-memory source instead of its broker or generator, and a {@link PipelineTestClient}
 * bean pushes messages through the real handlers and waits for their acknowledgement. The
 * same as setting {@code pipeline.test.in-memory=true}. A test slice: it imports
 * {@link PipelineTestAutoConfiguration} (listed in
 * {@code META-INF/spring/dev.pipeline.boot.test.AutoConfigurePipelineTest.imports}), so
 * it works in {@code @SpringBootTest} and beside other slices.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigurePipelineTest
 * class SensorPipelineTests {
 *
 *     &#64;Autowired
 *     PipelineTestClient pipelines;
 *
 *     &#64;Test
 *     void whenReadingIsValidThenItSucceeds() {
 *         AckResult&lt;Object&gt; result = this.pipelines.send("sensors", "{\"sensorId\":\"s1\",\"value\":1.5}").await();
 *         assertThat(result.succeeded()).hasSize(1);
 *     }
 *
 * }
 * </pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@TestPropertySource(properties = "pipeline.test.in-memory=true")
public @interface AutoConfigurePipelineTest {

}
