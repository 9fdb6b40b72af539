package dev.pipeline.boot.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Runs {@link TestPipelinesApplication} on a random port with the {@code pipelines},
 * {@code health} and {@code prometheus} endpoints exposed, write access to
 * {@code pipelines}, and Spring Security's auto-configuration left out (the security
 * tests run their own application). Test classes with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestPipelinesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=pipelines,health,prometheus",
				"management.endpoint.pipelines.access=unrestricted", "management.endpoint.health.show-details=always",
				"spring.autoconfigure.exclude=" + PipelinesApplicationTest.SECURITY })
public @interface PipelinesApplicationTest {

	/** Spring Security's servlet auto-configurations. */
	String SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration";

}
