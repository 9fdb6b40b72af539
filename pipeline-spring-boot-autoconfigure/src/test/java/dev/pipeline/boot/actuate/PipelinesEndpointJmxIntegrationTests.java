package dev.pipeline.boot.actuate;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.pipeline.boot.support.TestPipelinesApplication;
import dev.pipeline.boot.support.TestPipelinesApplication.Lifecycle;
import dev.pipeline.core.PipelineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code pipelines} endpoint over JMX, through the platform MBean server as
 * {@code jconsole} would call it: reads, a synchronous action, an unknown action's error,
 * and a drain that returns its operation, read again until it completed.
 */
@SpringBootTest(classes = TestPipelinesApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=pipelines",
				"management.endpoints.jmx.domain=dev.pipeline.jmx-test",
				"management.endpoint.pipelines.access=unrestricted" })
class PipelinesEndpointJmxIntegrationTests {

	private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

	@Autowired
	PipelineRegistry registry;

	@Autowired
	Lifecycle lifecycle;

	private ObjectName mbean;

	@BeforeEach
	void find() throws Exception {
		Set<ObjectName> names = this.server
			.queryNames(new ObjectName("dev.pipeline.jmx-test:type=Endpoint,name=Pipelines,*"), null);
		assertThat(names).hasSize(1);
		this.mbean = names.iterator().next();
	}

	@AfterEach
	void runAll() {
		this.lifecycle.runAll();
	}

	@Test
	void whenReadOverJmxThenPipelinesAndOnePipelineAreDescribed() throws Exception {
		Map<String, Object> pipelines = map(invoke("pipelines"));
		assertThat(map(pipelines.get("pipelines"))).containsOnlyKeys("orders", "paced", "metered");
		Map<String, Object> orders = map(invoke("pipeline", "orders"));
		assertThat(orders).containsEntry("name", "orders");
		assertThat(map(orders.get("summary"))).containsEntry("state", "RUNNING");
	}

	@Test
	void whenPausedOverJmxThenTheAnswerAndThePipelineArePaused() throws Exception {
		Map<String, Object> paused = map(invoke("act", "metered", "pause", null, null, null));
		assertThat(paused).containsEntry("action", "pause").containsEntry("state", "PAUSED");
		assertThat(this.registry.find("metered").orElseThrow().state()).isEqualTo(PipelineState.PAUSED);
	}

	@Test
	void whenActionIsUnknownOverJmxThenTheErrorListsTheActions() {
		assertThatException().isThrownBy(() -> invoke("act", "metered", "explode", null, null, null))
			.withMessageContaining("Unknown action 'explode' for pipeline 'metered'.")
			.withMessageContaining("Use one of pause, resume, drain, start, restart, rate-limit.");
	}

	@Test
	void whenDrainedOverJmxThenItReturnsTheOperationWhichCompletes() throws Exception {
		Map<String, Object> started = map(invoke("act", "metered", "drain", null, null, null));
		assertThat(started).containsEntry("action", "drain").containsEntry("pipeline", "metered");
		assertThat(started.get("state")).isIn("IN_PROGRESS", "COMPLETED");
		String id = (String) started.get("id");
		Map<String, Object> done = map(invoke("operation", "metered", id, "10s"));
		assertThat(done).containsEntry("id", id).containsEntry("state", "COMPLETED");
		Map<String, Object> result = map(done.get("result"));
		assertThat(result).containsEntry("state", "STOPPED");
		assertThat(map(result.get("drain"))).containsEntry("completed", true);
		assertThat(this.registry.find("metered").orElseThrow().state()).isEqualTo(PipelineState.STOPPED);
		assertThatException().isThrownBy(() -> invoke("operation", "metered", "999999", null))
			.withMessageContaining("No operation '999999' on pipeline 'metered'.");
	}

	private Object invoke(String operation, Object... arguments) throws Exception {
		MBeanOperationInfo info = Arrays.stream(this.server.getMBeanInfo(this.mbean).getOperations())
			.filter((candidate) -> candidate.getName().equals(operation)
					&& candidate.getSignature().length == arguments.length)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No MBean operation " + operation));
		String[] signature = Arrays.stream(info.getSignature())
			.map((parameter) -> parameter.getType())
			.toArray(String[]::new);
		return this.server.invoke(this.mbean, operation, arguments, signature);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
