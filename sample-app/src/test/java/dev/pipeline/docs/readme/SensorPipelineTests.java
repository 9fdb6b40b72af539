package dev.pipeline.docs.readme;

import dev.pipeline.boot.test.AutoConfigurePipelineTest;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "spring.config.name=readme")
@SpringBootTest
@AutoConfigurePipelineTest
class SensorPipelineTests {

	@Autowired
	PipelineTestClient pipelines;

	@Test
	void whenAReadingIsJsonThenItSucceeds() {
		AckResult<Object> result = this.pipelines.send("sensors", "{\"sensorId\":\"s1\",\"value\":1.5}").await();
		assertThat(result.succeeded()).hasSize(1);
	}

	@Test
	void whenAReadingIsNotJsonThenItFails() {
		AckResult<Object> result = this.pipelines.send("sensors", "not json").await();
		assertThat(result.failureReasons()).singleElement().asString().contains("Cannot convert the payload");
	}

}
