package dev.pipeline.boot.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.pipeline.boot.actuate.CompositePipelineListener;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.SimplePipelineRegistry;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.PipelineState;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.source.InMemorySource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A tiny application with three plain-Java pipelines on in-memory sources, each with a
 * counting acknowledger, registered in a {@link SimplePipelineRegistry}:
 * <ul>
 * <li>{@code orders}: two processors; data divisible by 10 fails in the processor; the
 * rest goes to batcher {@code store} (batch size 10);</li>
 * <li>{@code paced}: the same handlers behind a rate limit of 1,000 messages per 100 ms,
 * so a backlog takes a while to flow;</li>
 * <li>{@code metered}: like {@code orders}, sent to only by the metrics test.</li>
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestPipelinesApplication {

	@Bean
	TestPipelines testPipelines() {
		return new TestPipelines();
	}

	@Bean
	SimplePipelineRegistry pipelineRegistry(TestPipelines pipelines, ObjectProvider<PipelineListener> listeners) {
		PipelineListener listener = CompositePipelineListener.of(listeners.orderedStream().toList());
		return SimplePipelineRegistry.of(pipelines.build("orders", pipelines.orders, null, listener),
				pipelines.build("paced", pipelines.paced, new RateLimit(1000, Duration.ofMillis(100)), listener),
				pipelines.build("metered", pipelines.metered, null, listener));
	}

	@Bean
	Lifecycle pipelinesLifecycle(PipelineRegistry registry) {
		return new Lifecycle(registry);
	}

	/** The sources and acknowledgers of the test pipelines. */
	public static final class TestPipelines {

		public final InMemorySource<Long> orders = new InMemorySource<>("in-memory: orders");

		public final CountingAcknowledger ordersAcks = new CountingAcknowledger();

		public final InMemorySource<Long> paced = new InMemorySource<>("in-memory: paced");

		public final CountingAcknowledger pacedAcks = new CountingAcknowledger();

		public final InMemorySource<Long> metered = new InMemorySource<>("in-memory: metered");

		public final CountingAcknowledger meteredAcks = new CountingAcknowledger();

		/**
		 * While set, batch handlers wait for it to open (count down), so a test can hold
		 * messages in flight and a drain under way.
		 */
		public volatile @Nullable CountDownLatch batchGate;

		Pipeline<Long> build(String name, InMemorySource<Long> source, RateLimit rateLimit, PipelineListener listener) {
			return Pipeline.create(Pipeline.<Long>builder(name)
				.source(source)
				.rateLimit(rateLimit)
				.processors((p) -> p.concurrency(2).maxDemand(20).minDemand(10))
				.onMessage(TestPipelines::handle)
				.batcher("store",
						(b) -> b.batchSize(10)
							.batchTimeout(Duration.ofMillis(50))
							.concurrency(2)
							.handler((batch, info) -> pass(batch)))
				.shutdownTimeout(Duration.ofSeconds(10))
				.listener(listener)
				.build());
		}

		private List<Message<Long>> pass(List<Message<Long>> batch) {
			CountDownLatch gate = this.batchGate;
			if (gate != null) {
				try {
					gate.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return batch;
		}

		static Message<Long> handle(Message<Long> message) {
			if (message.data() % 10 == 0) {
				return message.failed("Data divisible by 10.");
			}
			return message.toBatcher("store");
		}

		/**
		 * Pushes messages with data {@code first .. first + count - 1}.
		 * @param source where to
		 * @param acks who counts their acknowledgements
		 * @param first the first data
		 * @param count how many
		 */
		public static void push(InMemorySource<Long> source, CountingAcknowledger acks, long first, int count) {
			List<Long> data = new java.util.ArrayList<>(count);
			for (long i = first; i < first + count; i++) {
				data.add(i);
			}
			source.pushData(acks, data);
		}

	}

	/** Starts the pipelines with the application, and drains them when it stops. */
	public static final class Lifecycle implements InitializingBean, DisposableBean {

		private final PipelineRegistry registry;

		Lifecycle(PipelineRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void afterPropertiesSet() {
			this.registry.pipelines().forEach(Pipeline::start);
		}

		@Override
		public void destroy() {
			this.registry.pipelines().forEach(Pipeline::drain);
		}

		/** Puts every pipeline back to running, after a test paused or drained one. */
		public void runAll() {
			for (Pipeline<?> pipeline : this.registry.pipelines()) {
				if (pipeline.state() == PipelineState.PAUSED) {
					pipeline.resume();
				}
				else if (pipeline.state() != PipelineState.RUNNING) {
					pipeline.start();
				}
			}
		}

	}

}
