package dev.pipeline.docs.gettingstarted;

import dev.pipeline.boot.test.AutoConfigurePipelineTest;
import dev.pipeline.boot.test.PipelineTestClient;
import dev.pipeline.core.testing.AckResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "spring.config.name=getting-started")
@SpringBootTest
@AutoConfigurePipelineTest
class SensorPipelineTests {

	@Autowired
	PipelineTestClient pipelines;

	@Test
	void whenAReadingArrivesThenItSucceeds() {
		AckResult<Object> result = this.pipelines.send("sensors", "{\"sensorId\":\"s1\",\"value\":1.5}").await();
		assertThat(result.succeeded()).hasSize(1);
	}

}
