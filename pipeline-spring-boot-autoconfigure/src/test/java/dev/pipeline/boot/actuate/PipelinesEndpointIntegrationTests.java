package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.boot.support.Http;
import dev.pipeline.boot.support.Http.Answer;
import dev.pipeline.boot.support.PipelinesApplicationTest;
import dev.pipeline.boot.support.TestPipelinesApplication.Lifecycle;
import dev.pipeline.boot.support.TestPipelinesApplication.TestPipelines;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.pipeline.boot.support.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code pipelines} endpoint over HTTP, against a running application with plain-Java
 * pipelines: every read and write operation, and the error answers.
 */
@PipelinesApplicationTest
class PipelinesEndpointIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestPipelines pipelines;

	@Autowired
	Lifecycle lifecycle;

	@Autowired
	PipelineRegistry registry;

	Http http;

	@BeforeEach
	void client() {
		this.http = Http.localhost(this.port);
	}

	@AfterEach
	void runAll() {
		this.lifecycle.runAll();
	}

	Pipeline<?> pipeline(String name) {
		return this.registry.find(name).orElseThrow();
	}

	@Nested
	class ListPipelines {

		@Test
		void whenListedThenEveryPipelineShowsStateSourceAndTotals() {
			TestPipelines.push(PipelinesEndpointIntegrationTests.this.pipelines.orders,
					PipelinesEndpointIntegrationTests.this.pipelines.ordersAcks, 1_000_000, 100);
			// The source sees an acknowledgement before the pipeline counts it: wait for
			// the count
			Answer answer = await().until(() -> PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines"),
					(read) -> read.<Number>read("$.pipelines.orders.succeeded").longValue()
							+ read.<Number>read("$.pipelines.orders.failed").longValue() >= 100);
			assertThat(answer.status()).isEqualTo(200);
			Map<String, Object> pipelines = answer.read("$.pipelines");
			assertThat(pipelines).containsOnlyKeys("orders", "paced", "metered");
			assertThat(answer.<String>read("$.pipelines.orders.state")).isEqualTo("RUNNING");
			assertThat(answer.<String>read("$.pipelines.orders.source")).isEqualTo("in-memory: orders");
			assertThat(answer.<Boolean>read("$.pipelines.orders.connected")).isTrue();
			assertThat(answer.<Number>read("$.pipelines.orders.succeeded").longValue()).isGreaterThanOrEqualTo(90);
			assertThat(answer.<Number>read("$.pipelines.orders.failed").longValue()).isGreaterThanOrEqualTo(10);
			assertThat(answer.<Number>read("$.pipelines.orders.inFlight").longValue()).isZero();
			assertThat(answer.<Number>read("$.pipelines.orders.throughput").doubleValue()).isGreaterThanOrEqualTo(0);
		}

		@Test
		void whenMessagesFlowBetweenTwoReadsThenThroughputIsPositive() {
			Http http = PipelinesEndpointIntegrationTests.this.http;
			http.get("/actuator/pipelines");
			TestPipelines.push(PipelinesEndpointIntegrationTests.this.pipelines.orders,
					PipelinesEndpointIntegrationTests.this.pipelines.ordersAcks, 2_000_000, 1000);
			await().untilAsserted(() -> assertThat(
					http.get("/actuator/pipelines").<Number>read("$.pipelines.orders.throughput").doubleValue())
				.isPositive());
		}

	}

	@Nested
	class DescribePipeline {

		@Test
		void whenDescribedThenTopologyConfigurationAndStagesAreShown() {
			TestPipelines.push(PipelinesEndpointIntegrationTests.this.pipelines.orders,
					PipelinesEndpointIntegrationTests.this.pipelines.ordersAcks, 3_000_000, 200);
			await().until(() -> PipelinesEndpointIntegrationTests.this.pipelines.ordersAcks.total() >= 200);
			// A stage counts what it passed on after settling it: wait for the
			// processors' count
			Answer answer = await().until(
					() -> PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines/orders"),
					(read) -> read.<Number>read("$.stages[1].in").longValue() >= 200
							&& read.<Number>read("$.stages[1].out").longValue()
									+ read.<Number>read("$.stages[1].failed").longValue() >= 200);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.<String>read("$.name")).isEqualTo("orders");
			assertThat(answer.<String>read("$.summary.state")).isEqualTo("RUNNING");
			assertThat(answer.<Integer>read("$.topology.producers.concurrency")).isEqualTo(1);
			assertThat(answer.<String>read("$.topology.producers.source")).isEqualTo("in-memory: orders");
			assertThat(answer.<Integer>read("$.topology.processors.concurrency")).isEqualTo(2);
			assertThat(answer.<Integer>read("$.topology.processors.maxDemand")).isEqualTo(20);
			assertThat(answer.<Integer>read("$.topology.processors.minDemand")).isEqualTo(10);
			assertThat(answer.<Boolean>read("$.topology.processors.partitioned")).isFalse();
			assertThat(answer.<Boolean>read("$.topology.processors.ordered")).isFalse();
			assertThat(answer.<String>read("$.topology.batchers[0].name")).isEqualTo("store");
			assertThat(answer.<Integer>read("$.topology.batchers[0].batchSize")).isEqualTo(10);
			assertThat(answer.<String>read("$.topology.batchers[0].batchTimeout")).isEqualTo("50ms");
			assertThat(answer.<Integer>read("$.topology.batchers[0].concurrency")).isEqualTo(2);
			assertThat(answer.<Integer>read("$.configuration['processors.default.concurrency']")).isEqualTo(2);
			assertThat(answer.<Integer>read("$.configuration['batchers.store.batch-size']")).isEqualTo(10);
			assertThat(answer.<String>read("$.configuration['shutdown-timeout']")).isEqualTo("10s");
			List<String> kinds = answer.read("$.stages[*].kind");
			assertThat(kinds).containsExactly("PRODUCER", "PROCESSOR", "BATCHER", "BATCH_WORKER");
			assertThat(answer.<Number>read("$.stages[1].in").longValue()).isGreaterThanOrEqualTo(200);
			assertThat(answer.<Number>read("$.stages[1].failed").longValue()).isGreaterThanOrEqualTo(20);
			assertThat(answer.<Number>read("$.stages[1].handlerLatency.count").longValue()).isPositive();
			assertThat(answer.<Number>read("$.stages[1].handlerLatency.p99").doubleValue()).isGreaterThanOrEqualTo(0);
			assertThat(answer.<Number>read("$.stages[2].batchSizes.max").doubleValue()).isLessThanOrEqualTo(10);
			assertThat(answer.<Number>read("$.stages[2].flushes.SIZE").longValue()
					+ answer.<Number>read("$.stages[2].flushes.TIMEOUT").longValue())
				.isPositive();
			assertThat(answer.<Number>read("$.stages[3].handlerLatency.count").longValue()).isPositive();
			assertThat(answer.<Object>read("$.rateLimit")).isNull();
		}

		@Test
		void whenPipelineHasRateLimitThenItsStateIsShown() {
			Answer answer = PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines/paced");
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.<Integer>read("$.rateLimit.allowedMessages")).isEqualTo(1000);
			assertThat(answer.<String>read("$.rateLimit.interval")).isEqualTo("100ms");
			assertThat(answer.<Integer>read("$.rateLimit.remaining")).isBetween(0, 1000);
			assertThat(answer.<Integer>read("$.configuration['producer.rate-limit.allowed-messages']")).isEqualTo(1000);
		}

		@Test
		void whenPipelineIsUnknownThen404WithReason() {
			Answer answer = PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines/nope");
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.<String>read("$.error")).isEqualTo("unknown-pipeline");
			assertThat(answer.<List<String>>read("$.reasons")).containsExactly("No pipeline named 'nope'.");
		}

	}

	@Nested
	class Actions {

		Answer post(String name, String json) {
			return PipelinesEndpointIntegrationTests.this.http.post("/actuator/pipelines/" + name, json);
		}

		@Test
		void whenPausedThenStateIsPausedAndResumeRunsAgain() {
			Answer paused = post("orders", "{\"action\":\"pause\"}");
			assertThat(paused.status()).isEqualTo(200);
			assertThat(paused.<String>read("$.action")).isEqualTo("pause");
			assertThat(paused.<String>read("$.state")).isEqualTo("PAUSED");
			assertThat(pipeline("orders").state()).isEqualTo(PipelineState.PAUSED);
			Answer resumed = post("orders", "{\"action\":\"resume\"}");
			assertThat(resumed.status()).isEqualTo(200);
			assertThat(resumed.<String>read("$.state")).isEqualTo("RUNNING");
		}

		@Test
		void whenDrainedThen202WithAnOperationThatCompletesStoppedAndStartRunsAgain() {
			Answer drained = post("orders", "{\"action\":\"drain\"}");
			assertThat(drained.status()).as(drained.body()).isEqualTo(202);
			assertThat(drained.<String>read("$.action")).isEqualTo("drain");
			assertThat(drained.<String>read("$.pipeline")).isEqualTo("orders");
			assertThat(drained.<String>read("$.state")).isIn("IN_PROGRESS", "COMPLETED");
			assertThat(drained.<String>read("$.startedAt")).isNotEmpty();
			String href = drained.read("$.href");
			assertThat(href).isEqualTo("/actuator/pipelines/orders/operations/" + drained.<String>read("$.id"));
			Answer done = PipelinesEndpointIntegrationTests.this.http.get(href + "?wait=10s");
			assertThat(done.status()).isEqualTo(200);
			assertThat(done.<String>read("$.state")).isEqualTo("COMPLETED");
			assertThat(done.<String>read("$.finishedAt")).isNotEmpty();
			assertThat(done.<String>read("$.result.state")).isEqualTo("STOPPED");
			assertThat(done.<Boolean>read("$.result.drain.completed")).isTrue();
			assertThat(done.<Integer>read("$.result.drain.released")).isZero();
			assertThat(done.<Object>read("$.result.configuration")).isNull();
			assertThat(done.<Object>read("$.error")).isNull();
			assertThat(pipeline("orders").state()).isEqualTo(PipelineState.STOPPED);
			Answer started = post("orders", "{\"action\":\"start\"}");
			assertThat(started.status()).isEqualTo(200);
			assertThat(started.<String>read("$.state")).isEqualTo("RUNNING");
		}

		@Test
		void whenADrainIsUnderWayThenItShowsInFlightAndAnotherActionIs409NamingIt() {
			TestPipelines test = PipelinesEndpointIntegrationTests.this.pipelines;
			Http http = PipelinesEndpointIntegrationTests.this.http;
			CountDownLatch gate = new CountDownLatch(1);
			test.batchGate = gate;
			String id;
			try {
				TestPipelines.push(test.orders, test.ordersAcks, 4_000_000, 50);
				await().until(() -> pipeline("orders").stats().inFlight() > 0);
				Answer drain = post("orders", "{\"action\":\"drain\"}");
				assertThat(drain.status()).as(drain.body()).isEqualTo(202);
				id = drain.read("$.id");
				assertThat(drain.<String>read("$.state")).isEqualTo("IN_PROGRESS");
				Answer waited = http.get(drain.read("$.href") + "?wait=200ms");
				assertThat(waited.status()).isEqualTo(200);
				assertThat(waited.<String>read("$.state")).isEqualTo("IN_PROGRESS");
				assertThat(waited.<String>read("$.progress.state")).isEqualTo("DRAINING");
				assertThat(waited.<Number>read("$.progress.inFlight").longValue()).isPositive();
				for (String action : List.of("drain", "restart", "pause")) {
					Answer refused = post("orders", "{\"action\":\"" + action + "\"}");
					assertThat(refused.status()).as(action).isEqualTo(409);
					assertThat(refused.<String>read("$.error")).isEqualTo("operation-in-progress");
					assertThat(refused.<List<String>>read("$.reasons").get(0))
						.startsWith("Pipeline 'orders' has operation " + id + " (drain) in progress since ");
				}
			}
			finally {
				gate.countDown();
				test.batchGate = null;
			}
			Answer done = http.get("/actuator/pipelines/orders/operations/" + id + "?wait=10s");
			assertThat(done.<String>read("$.state")).isEqualTo("COMPLETED");
			assertThat(done.<Boolean>read("$.result.drain.completed")).isTrue();
			assertThat(done.<Number>read("$.progress.inFlight").longValue()).isZero();
			assertThat(pipeline("orders").state()).isEqualTo(PipelineState.STOPPED);
		}

		@Test
		void whenAnOperationIsUnknownOrWaitIsNotADurationThenTheReadSaysSo() {
			Http http = PipelinesEndpointIntegrationTests.this.http;
			Answer unknown = http.get("/actuator/pipelines/orders/operations/999999");
			assertThat(unknown.status()).isEqualTo(404);
			assertThat(unknown.<String>read("$.error")).isEqualTo("unknown-operation");
			assertThat(unknown.<List<String>>read("$.reasons"))
				.containsExactly("No operation '999999' on pipeline 'orders'.");
			Answer elsewhere = http.get("/actuator/pipelines/orders/operation/1");
			assertThat(elsewhere.status()).isEqualTo(404);
			String id = post("orders", "{\"action\":\"drain\"}").read("$.id");
			Answer badWait = http.get("/actuator/pipelines/orders/operations/" + id + "?wait=soon");
			assertThat(badWait.status()).isEqualTo(400);
			assertThat(badWait.<List<String>>read("$.reasons"))
				.containsExactly("Invalid value 'soon' for 'wait': must be a duration.");
			assertThat(http.get("/actuator/pipelines/orders/operations/" + id + "?wait=10s").<String>read("$.state"))
				.isEqualTo("COMPLETED");
		}

		@Test
		void whenStartedWhileRunningThen409WithReason() {
			Answer answer = post("orders", "{\"action\":\"start\"}");
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.<String>read("$.error")).isEqualTo("conflict");
			assertThat(answer.<List<String>>read("$.reasons")).containsExactly("Pipeline 'orders' is already RUNNING");
		}

		@Test
		void whenRateLimitChangedThenNewLimitIsShown() {
			Answer answer = post("paced", "{\"action\":\"rate-limit\",\"allowedMessages\":500,\"interval\":\"50ms\"}");
			assertThat(answer.status()).isEqualTo(200);
			Answer described = PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines/paced");
			assertThat(described.<Integer>read("$.rateLimit.allowedMessages")).isEqualTo(500);
			assertThat(described.<String>read("$.rateLimit.interval")).isEqualTo("50ms");
			assertThat(post("paced", "{\"action\":\"rate-limit\",\"allowedMessages\":1000,\"interval\":\"100ms\"}")
				.status()).isEqualTo(200);
		}

		@Test
		void whenRateLimitLacksIntervalThen400WithReason() {
			Answer answer = post("paced", "{\"action\":\"rate-limit\",\"allowedMessages\":500}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.<String>read("$.error")).isEqualTo("invalid-request");
			assertThat(answer.<List<String>>read("$.reasons"))
				.containsExactly("Action 'rate-limit' for pipeline 'paced' needs both allowedMessages and interval.");
		}

		@Test
		void whenRateLimitChangedOnPipelineWithoutOneThen409() {
			Answer answer = post("orders", "{\"action\":\"rate-limit\",\"allowedMessages\":500,\"interval\":\"1s\"}");
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.<List<String>>read("$.reasons").get(0)).contains("has no rate limit to change");
		}

		@Test
		void whenActionIsUnknownThen400WithTheActionsAllowed() {
			Answer answer = post("orders", "{\"action\":\"explode\"}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.<String>read("$.error")).isEqualTo("unknown-action");
			assertThat(answer.<List<String>>read("$.reasons"))
				.containsExactly("Unknown action 'explode' for pipeline 'orders'.");
			assertThat(answer.<String>read("$.action"))
				.isEqualTo("Use one of pause, resume, drain, start, restart, rate-limit.");
		}

		@Test
		void whenActionIsWrittenInCapitalsOrWithUnderscoreThenItIsUnderstood() {
			Answer answer = post("paced",
					"{\"action\":\"RATE_LIMIT\",\"allowedMessages\":1000,\"interval\":\"100ms\"}");
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.<String>read("$.action")).isEqualTo("rate-limit");
			Answer paused = post("orders", "{\"action\":\" Pause \"}");
			assertThat(paused.status()).isEqualTo(200);
			assertThat(paused.<String>read("$.state")).isEqualTo("PAUSED");
		}

		@Test
		void whenActionIsMissingThen400() {
			assertThat(post("orders", "{}").status()).isEqualTo(400);
		}

		@Test
		void whenPipelineIsUnknownThen404WithReason() {
			Answer answer = post("nope", "{\"action\":\"pause\"}");
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.<String>read("$.error")).isEqualTo("unknown-pipeline");
			assertThat(answer.<List<String>>read("$.reasons")).containsExactly("No pipeline named 'nope'.");
		}

		@Test
		void whenOverridesAreInvalidThen400AndPipelineUntouched() {
			Answer answer = post("orders",
					"{\"action\":\"restart\",\"overrides\":\"processors.default.min-demand=30\"}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.<String>read("$.error")).isEqualTo("invalid-overrides");
			assertThat(answer.<List<String>>read("$.reasons"))
				.containsExactly("min-demand (30) must be less than max-demand (20) in orders.processors.default.");
			assertThat(answer.<List<String>>read("$.keys")).containsExactly("processors.default.min-demand",
					"processors.default.max-demand");
			assertThat(pipeline("orders").state()).isEqualTo(PipelineState.RUNNING);
			assertThat(pipeline("orders").spec().processors().minDemand()).isEqualTo(10);
		}

		@Test
		void whenOverrideKeyIsUnknownThen400NamingIt() {
			Answer answer = post("orders", "{\"action\":\"restart\",\"overrides\":\"batchers.nope.batch-size=5\"}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.<List<String>>read("$.reasons"))
				.containsExactly("Unknown batcher 'nope' in 'orders.batchers': the pipeline has [store].");
			assertThat(answer.<List<String>>read("$.keys")).containsExactly("batchers.nope.batch-size");
			assertThat(pipeline("orders").state()).isEqualTo(PipelineState.RUNNING);
		}

		@Test
		void whenOverrideValueHasWrongTypeThen400NamingIt() {
			Answer answer = post("orders",
					"{\"action\":\"restart\",\"overrides\":\"processors.default.concurrency=many\"}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.<List<String>>read("$.reasons")).containsExactly(
					"Invalid value 'many' for 'orders.processors.default.concurrency': must be an integer.");
		}

	}

	@Nested
	class RestartUnderLoad {

		@Test
		void whenRestartedWithNewSettingsUnderLoadThenNothingIsLostOrAcknowledgedTwice() {
			TestPipelines test = PipelinesEndpointIntegrationTests.this.pipelines;
			long first = 10_000_000;
			int count = 60_000;
			long before = test.pacedAcks.total();
			TestPipelines.push(test.paced, test.pacedAcks, first, count);
			await().until(() -> test.pacedAcks.total() - before >= 10_000);
			Http http = PipelinesEndpointIntegrationTests.this.http;
			Answer accepted = http.post("/actuator/pipelines/paced",
					"{\"action\":\"restart\",\"overrides\":"
							+ "\"processors.default.concurrency=4,processors.default.max-demand=40,"
							+ "batchers.store.batch-size=50,batchers.store.concurrency=3\"}");
			assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
			assertThat(accepted.<String>read("$.action")).isEqualTo("restart");
			Answer restarted = http.get(accepted.read("$.href") + "?wait=30s");
			assertThat(restarted.<String>read("$.state")).isEqualTo("COMPLETED");
			assertThat(restarted.<String>read("$.result.state")).isEqualTo("RUNNING");
			assertThat(restarted.<Boolean>read("$.result.drain.completed")).isTrue();
			assertThat(restarted.<Integer>read("$.result.configuration['batchers.store.batch-size']")).isEqualTo(50);
			assertThat(restarted.<Integer>read("$.result.configuration['processors.default.concurrency']"))
				.isEqualTo(4);
			assertThat(test.pacedAcks.total() - before).as("restarted while messages were flowing").isLessThan(count);
			await().until(() -> test.pacedAcks.total() - before >= count);
			assertThat(test.pacedAcks.lost(first, count)).as("lost").isZero();
			assertThat(test.pacedAcks.duplicated()).as("acknowledged twice").isZero();
			assertThat(test.pacedAcks.total() - before).isEqualTo(count);
			Answer described = PipelinesEndpointIntegrationTests.this.http.get("/actuator/pipelines/paced");
			assertThat(described.<Integer>read("$.topology.processors.concurrency")).isEqualTo(4);
			assertThat(described.<Integer>read("$.topology.processors.maxDemand")).isEqualTo(40);
			assertThat(described.<Integer>read("$.topology.batchers[0].batchSize")).isEqualTo(50);
			assertThat(described.<Integer>read("$.topology.batchers[0].concurrency")).isEqualTo(3);
			assertThat(described.<Integer>read("$.configuration['batchers.store.batch-size']")).isEqualTo(50);
			assertThat(described.<Integer>read("$.stages[1].workers")).isEqualTo(4);
		}

	}

	@Nested
	class PauseHoldsFetching {

		@Test
		void whenPausedThenInFlightDropsToZeroAndBacklogStaysUntilResumed() {
			TestPipelines test = PipelinesEndpointIntegrationTests.this.pipelines;
			Http http = PipelinesEndpointIntegrationTests.this.http;
			long first = 20_000_000;
			int count = 20_000;
			long before = test.pacedAcks.total();
			TestPipelines.push(test.paced, test.pacedAcks, first, count);
			await().until(() -> test.pacedAcks.total() - before >= 2_000);
			assertThat(http.post("/actuator/pipelines/paced", "{\"action\":\"pause\"}").status()).isEqualTo(200);
			await().untilAsserted(() -> assertThat(
					http.get("/actuator/pipelines").<Number>read("$.pipelines.paced.inFlight").longValue())
				.isZero());
			int backlog = test.paced.pending();
			assertThat(backlog).isPositive();
			long settled = test.pacedAcks.total();
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.until(() -> test.paced.pending() == backlog && test.pacedAcks.total() == settled);
			assertThat(http.get("/actuator/pipelines").<String>read("$.pipelines.paced.state")).isEqualTo("PAUSED");
			assertThat(http.post("/actuator/pipelines/paced", "{\"action\":\"resume\"}").status()).isEqualTo(200);
			await().until(() -> test.pacedAcks.total() - before >= count);
			assertThat(test.paced.pending()).isZero();
			assertThat(test.pacedAcks.lost(first, count)).as("lost").isZero();
			assertThat(test.pacedAcks.duplicated()).as("acknowledged twice").isZero();
		}

	}

}
