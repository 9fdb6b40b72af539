package dev.pipeline.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Message;
import dev.pipeline.core.source.InMemorySource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the context mid-stream drains: every message the pipeline fetched is
 * acknowledged exactly once, and what it did not fetch stays at the source.
 */
class ShutdownTests {

	private static final int MESSAGES = 20_000;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withUserConfiguration(SlowHandler.class, CountingSource.class)
		.withPropertyValues("pipeline.pipelines.slow.producer.source-bean=source",
				"pipeline.pipelines.slow.processors.default.concurrency=2",
				"pipeline.pipelines.slow.batchers.default.batch-size=50",
				"pipeline.pipelines.slow.batchers.default.batch-timeout=10s");

	@Test
	void whenTheContextClosesMidStreamThenEveryFetchedMessageIsAcknowledgedExactlyOnce() {
		this.runner.run((context) -> {
			CountingSource counting = context.getBean(CountingSource.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> counting.acknowledged() > 200);
			context.close();
			int fetched = MESSAGES - counting.source.pending();
			assertThat(counting.source.pending()).as("messages left at the source").isPositive();
			assertThat(counting.acknowledged()).as("acknowledgements").isEqualTo(fetched);
			assertThat(counting.counts.values()).as("acknowledgements per message").allMatch((c) -> c.get() == 1);
			assertThat(counting.counts).hasSize(fetched);
		});
	}

	@PipelineHandler("slow")
	static class SlowHandler {

		@OnMessage
		void handle(Long n) {
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
		}

		@OnBatch("default")
		void batch(List<Long> batch) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingSource implements Acknowledger {

		final InMemorySource<Object> source = new InMemorySource<>();

		final ConcurrentHashMap<Object, AtomicInteger> counts = new ConcurrentHashMap<>();

		CountingSource() {
			List<Object> data = new ArrayList<>();
			for (long i = 0; i < MESSAGES; i++) {
				data.add(i);
			}
			this.source.pushData(this, data);
		}

		@Bean
		InMemorySource<Object> source() {
			return this.source;
		}

		@Override
		public void acknowledge(List<Message<?>> successful, List<Message<?>> failed) {
			successful
				.forEach((m) -> this.counts.computeIfAbsent(m.data(), (k) -> new AtomicInteger()).incrementAndGet());
			failed.forEach((m) -> this.counts.computeIfAbsent(m.data(), (k) -> new AtomicInteger()).incrementAndGet());
		}

		int acknowledged() {
			return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
		}

	}

}
