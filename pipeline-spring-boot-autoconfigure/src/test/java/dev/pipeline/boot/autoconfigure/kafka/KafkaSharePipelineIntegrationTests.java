package dev.pipeline.boot.autoconfigure.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application that declares a share-group pipeline ({@code producer.kafka-share})
 * in properties and connects with Spring Boot's own {@code spring.kafka.*} settings (the
 * consumer keys a share consumer refuses, such as {@code auto-offset-reset}, set on
 * purpose), against an embedded KRaft broker: every job handled once.
 */
@SpringBootTest(properties = { "spring.kafka.consumer.group-id=job-workers",
		"spring.kafka.consumer.auto-offset-reset=earliest", "pipeline.pipelines.jobs.producer.concurrency=2",
		"pipeline.pipelines.jobs.producer.kafka-share.topics=jobs",
		"pipeline.pipelines.jobs.processors.default.concurrency=4" })
class KafkaSharePipelineIntegrationTests {

	private static EmbeddedKafkaKraftBroker broker;

	@Autowired
	private KafkaTemplate<Object, Object> template;

	@Autowired
	private JobHandler handler;

	@BeforeAll
	static void startBroker() throws Exception {
		broker = new EmbeddedKafkaKraftBroker(1, 1, "jobs");
		broker.brokerProperties(Map.of("share.coordinator.state.topic.replication.factor", "1",
				"share.coordinator.state.topic.min.isr", "1"));
		broker.afterPropertiesSet();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
			admin
				.incrementalAlterConfigs(
						Map.of(new ConfigResource(ConfigResource.Type.GROUP, "job-workers"),
								List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> broker.getBrokersAsString());
	}

	@Test
	void whenJobsArePublishedThenEachIsHandledOnceByTheShareGroup() {
		int jobs = 500;
		for (int i = 0; i < jobs; i++) {
			this.template.send("jobs", "job-" + i);
		}
		this.template.flush();
		Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> this.handler.seen.size() == jobs);
		assertThat(this.handler.handled.get()).as("handlings").isEqualTo(jobs);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(JobHandler.class)
	static class ShareApplication {

	}

	@PipelineHandler("jobs")
	static class JobHandler {

		final Set<String> seen = ConcurrentHashMap.newKeySet();

		final AtomicInteger handled = new AtomicInteger();

		@OnMessage
		void handle(String job) {
			this.seen.add(job);
			this.handled.incrementAndGet();
		}

	}

}
