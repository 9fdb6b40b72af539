package dev.pipeline.boot.dashboard;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.boot.actuate.CompositePipelineListener;
import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.boot.actuate.SimplePipelineRegistry;
import dev.pipeline.core.Message;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.source.GeneratorSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application whose pipelines flow all the time, for the dashboard's browser tests and
 * its screenshot, registered in a {@link SimplePipelineRegistry}:
 * <ul>
 * <li>{@code orders}: a generator at 2,000 messages per second; four processors that take
 * about 0.2 ms each and fail one message in 40; batchers {@code store} (batches of 50,
 * two workers) and {@code audit} (every fifth message, batches of 20, one worker);</li>
 * <li>{@code sensors}: a generator at 500 messages per second into two processors, no
 * batcher, behind a rate limit of 1,000 messages per second.</li>
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DashboardApplication {

	/**
	 * Holds the {@code store} batch handler while closed, so that the figures stand
	 * still.
	 */
	static final Gate STORE_GATE = new Gate();

	@Bean
	SimplePipelineRegistry pipelineRegistry(ObjectProvider<PipelineListener> listeners) {
		PipelineListener listener = CompositePipelineListener.of(listeners.orderedStream().toList());
		return SimplePipelineRegistry.of(orders(listener), sensors(listener));
	}

	@Bean
	Lifecycle dashboardPipelinesLifecycle(PipelineRegistry registry) {
		return new Lifecycle(registry);
	}

	private static Pipeline<Long> orders(PipelineListener listener) {
		return Pipeline.create(Pipeline.<Long>builder("orders")
			.source(GeneratorSource.of((n) -> n, Long.MAX_VALUE, 2000))
			.processors((p) -> p.concurrency(4).maxDemand(50))
			.onMessage(DashboardApplication::order)
			.batcher("store", (
					b) -> b.batchSize(50).batchTimeout(Duration.ofMillis(200)).concurrency(2).handler((batch, info) -> {
						work(Duration.ofMillis(2));
						STORE_GATE.pass();
						return batch;
					}))
			.batcher("audit",
					(b) -> b.batchSize(20)
						.batchTimeout(Duration.ofMillis(500))
						.concurrency(1)
						.handler((batch, info) -> batch))
			.shutdownTimeout(Duration.ofSeconds(5))
			.listener(listener)
			.build());
	}

	private static Pipeline<Long> sensors(PipelineListener listener) {
		return Pipeline.create(Pipeline.<Long>builder("sensors")
			.source(GeneratorSource.of((n) -> n, Long.MAX_VALUE, 500))
			.rateLimit(new RateLimit(1000, Duration.ofSeconds(1)))
			.processors((p) -> p.concurrency(2).maxDemand(20))
			.onMessage((message) -> message)
			.shutdownTimeout(Duration.ofSeconds(5))
			.listener(listener)
			.build());
	}

	static Message<Long> order(Message<Long> message) {
		work(Duration.ofNanos(200_000));
		if (message.data() % 40 == 7) {
			return message.failed("Order " + message.data() + " has no customer.");
		}
		return message.toBatcher((message.data() % 5 == 0) ? "audit" : "store");
	}

	/** Stands in for a handler's work: the thread is busy for about that long. */
	private static void work(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
	}

	/** Starts the pipelines with the application, and drains them when it stops. */
	static final class Lifecycle implements InitializingBean, DisposableBean {

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

	}

	/** A gate a handler passes, unless a test closed it. */
	static final class Gate {

		private volatile CountDownLatch closed = new CountDownLatch(0);

		void close() {
			this.closed = new CountDownLatch(1);
		}

		void open() {
			this.closed.countDown();
		}

		void pass() {
			try {
				this.closed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
