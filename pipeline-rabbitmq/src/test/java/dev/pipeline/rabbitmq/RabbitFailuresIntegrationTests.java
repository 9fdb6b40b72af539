package dev.pipeline.rabbitmq;

import java.time.Duration;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static dev.pipeline.rabbitmq.TestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed messages against the local broker: rejected to a dead-letter queue the source
 * declares, requeued once, or requeued on a per-message option, while the rest flow on.
 */
class RabbitFailuresIntegrationTests {

	private static final int SENT = 10_000;

	private final CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();

	private final RabbitPipelines pipelines = new RabbitPipelines();

	private final Ledger ledger = new Ledger(SENT);

	private TestBroker broker;

	private String queue;

	private String deadLetterExchange;

	private Pipeline<byte[]> pipeline;

	@BeforeEach
	void connect() throws Exception {
		this.broker = new TestBroker();
		this.queue = TestBroker.uniqueName("failures");
		this.deadLetterExchange = TestBroker.uniqueName("dlx");
	}

	@AfterEach
	void cleanUp() throws Exception {
		if (this.pipeline != null) {
			this.pipeline.drain(Duration.ofSeconds(10));
		}
		this.broker.delete(this.queue, this.queue + ".dlq");
		this.broker.deleteExchange(this.deadLetterExchange);
		this.broker.close();
		this.connectionFactory.destroy();
	}

	private void run(AckMode onFailure, MessageHandler<byte[]> handler) throws Exception {
		RabbitSourceProperties properties = RabbitPipelines.properties(this.queue);
		properties.setOnFailure(onFailure);
		properties.getDeclare().setEnabled(true);
		properties.getDeclare().setDurable(false);
		properties.getDeclare().getDeadLetter().setExchange(this.deadLetterExchange);
		this.pipeline = this.pipelines.create(this.connectionFactory, properties, "failures",
				(spec) -> spec.processors((p) -> p.concurrency(2).maxDemand(20)).onMessage((message) -> {
					this.ledger.record(TestBroker.id(message.data()));
					return handler.handle(message);
				})
					.batcher("default",
							(b) -> b.batchSize(50)
								.batchTimeout(Duration.ofMillis(100))
								.handler((batch, info) -> batch)));
		this.pipeline.start();
		await().until(this.pipeline::isConnected);
		this.broker.publish(this.queue, SENT, false, true);
	}

	private static int id(Message<byte[]> message) {
		return TestBroker.id(message.data());
	}

	private String report(String test, RabbitSourceStats stats, long deadLettered) {
		return this.ledger.report(test) + " acked=" + stats.acknowledged() + " rejected=" + stats.rejected()
				+ " requeued=" + stats.requeued() + " deadLettered=" + deadLettered;
	}

	@Test
	void whenHandlersThrowAndOnFailureIsRejectThenFailedMessagesEndInTheDeadLetterQueue() throws Exception {
		run(AckMode.REJECT, (message) -> {
			if (id(message) % 10 == 3) {
				throw new IllegalStateException("Poison payload " + id(message));
			}
			return message;
		});
		await().until(() -> this.pipelines.stats().settled() == SENT);
		await().until(() -> this.broker.ready(this.queue + ".dlq") == SENT / 10);
		RabbitSourceStats stats = this.pipelines.stats();
		System.out.println(report("reject-to-dlq", stats, this.broker.ready(this.queue + ".dlq")));
		assertThat(stats.acknowledged()).isEqualTo(SENT - SENT / 10);
		assertThat(stats.rejected()).isEqualTo(SENT / 10);
		assertThat(this.ledger.lost()).isZero();
		assertThat(this.ledger.duplicated()).isZero();
	}

	@Test
	void whenOnFailureIsRequeueOnceThenAFailureIsRetriedOnceThenDeadLettered() throws Exception {
		run(AckMode.REQUEUE_ONCE, (message) -> (id(message) % 10 == 3) ? message.failed("Always fails.") : message);
		await().until(() -> this.pipelines.stats().settled() == SENT + SENT / 10);
		await().until(() -> this.broker.ready(this.queue + ".dlq") == SENT / 10);
		RabbitSourceStats stats = this.pipelines.stats();
		System.out.println(report("requeue-once", stats, this.broker.ready(this.queue + ".dlq")));
		assertThat(stats.requeued()).isEqualTo(SENT / 10);
		assertThat(stats.rejected()).isEqualTo(SENT / 10);
		assertThat(stats.acknowledged()).isEqualTo(SENT - SENT / 10);
		assertThat(this.ledger.timesSeen(3)).isEqualTo(2);
		assertThat(this.ledger.timesSeen(4)).isEqualTo(1);
		assertThat(this.ledger.duplicated()).isEqualTo(SENT / 10);
		assertThat(this.ledger.lost()).isZero();
	}

	@Test
	void whenAMessageConfiguresRequeueThenItIsRetriedWhileOthersFollowTheSourceSetting() throws Exception {
		run(AckMode.REJECT, (message) -> {
			boolean redelivered = (Boolean) message.metadata().get(RabbitMetadata.REDELIVERED);
			if (id(message) % 10 == 3 && !redelivered) {
				return message.configureAck(RabbitAckOption.onFailure(AckMode.REQUEUE)).failed("Try again later.");
			}
			if (id(message) % 10 == 7) {
				throw new IllegalArgumentException("Poison payload " + id(message));
			}
			return message;
		});
		await().until(() -> this.pipelines.stats().settled() == SENT + SENT / 10);
		await().until(() -> this.broker.ready(this.queue + ".dlq") == SENT / 10);
		RabbitSourceStats stats = this.pipelines.stats();
		System.out.println(report("configure-ack", stats, this.broker.ready(this.queue + ".dlq")));
		assertThat(stats.requeued()).isEqualTo(SENT / 10);
		assertThat(stats.rejected()).isEqualTo(SENT / 10);
		assertThat(stats.acknowledged()).isEqualTo(SENT - SENT / 10);
		assertThat(this.ledger.timesSeen(3)).isEqualTo(2);
		assertThat(this.ledger.lost()).isZero();
	}

}
