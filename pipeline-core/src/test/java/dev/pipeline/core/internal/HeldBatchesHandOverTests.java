package dev.pipeline.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.BatcherSettings;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineClock;
import dev.pipeline.core.PipelineListener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches a batcher holds because its worker's queue was full go on when the worker makes
 * room, on the worker's own thread: the batcher's thread never runs here, yet processors
 * that filled the inbox behind the held batches finish, and every message reaches the
 * worker once, in each processor's order, in full batches.
 */
class HeldBatchesHandOverTests {

	private static final int PROCESSORS = 2;

	private static final int CHUNK = 5;

	private static final int BATCH_SIZE = 10;

	/** Per processor, a multiple of the batch size, so that no batch is left open. */
	private static final int MESSAGES = 20_000;

	/** The worker stops after this many batches until the processors wait for room. */
	private static final int STALL_EVERY = 40;

	private final MessageBuffer inbox = new MessageBuffer(BATCH_SIZE * PROCESSORS);

	private final BatcherStage[] batcher = new BatcherStage[1];

	private final BatchDispatcher dispatcher = new BatchDispatcher(1, () -> this.batcher[0].roomMade());

	HeldBatchesHandOverTests() {
		PipelineClock clock = PipelineClock.system();
		FailureLog log = new FailureLog("held", clock);
		Events events = new Events(PipelineListener.NONE, log);
		Terminal terminal = new Terminal(null, new Acknowledgements("held", events, log), log);
		BatcherSettings<Object> settings = new BatcherSettings<>("default", BATCH_SIZE, 0, (m) -> 0,
				Duration.ofHours(1), 1, BATCH_SIZE, null, (batch, info) -> batch);
		this.batcher[0] = new BatcherStage(settings, this.inbox, this.dispatcher, terminal, clock, () -> {
		});
	}

	@Test
	void whenTheWorkerMakesRoomThenHeldBatchesAndTheInboxBehindThemMoveOnWithoutTheBatchersThread() throws Exception {
		List<Thread> processors = new ArrayList<>();
		for (int p = 0; p < PROCESSORS; p++) {
			int processor = p;
			Thread thread = new Thread(() -> handAll(processor), "processor-" + p);
			thread.setDaemon(true);
			thread.start();
			processors.add(thread);
		}
		List<List<Integer>> seen = new ArrayList<>();
		for (int p = 0; p < PROCESSORS; p++) {
			seen.add(new ArrayList<>());
		}
		int stalls = 0;
		int batches = 0;
		int expected = PROCESSORS * MESSAGES / BATCH_SIZE;
		while (batches < expected) {
			if (batches % STALL_EVERY == 0 && processors.stream().anyMatch(Thread::isAlive)) {
				// Let the processors fill the inbox behind held batches
				stalls += awaitWaitingOrEnded(processors) ? 1 : 0;
			}
			Batch batch = takeWithin(10, TimeUnit.SECONDS);
			assertThat(batch).as("batch %d of %d reached the worker", batches + 1, expected).isNotNull();
			assertThat(batch.messages()).hasSize(BATCH_SIZE);
			for (Message<?> message : batch.messages()) {
				int value = (Integer) message.data();
				seen.get(value % PROCESSORS).add(value / PROCESSORS);
			}
			batches++;
		}
		for (Thread processor : processors) {
			processor.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(processor.isAlive()).as("%s returned", processor.getName()).isFalse();
		}

		assertThat(stalls).as("times the processors waited for room behind held batches").isGreaterThan(10);
		for (int p = 0; p < PROCESSORS; p++) {
			List<Integer> values = seen.get(p);
			assertThat(values).as("messages of processor %d", p).hasSize(MESSAGES).isSorted();
			assertThat(values.get(values.size() - 1)).isEqualTo(MESSAGES - 1);
		}
		assertThat(this.inbox.size()).as("messages left in the inbox").isZero();
	}

	private void handAll(int processor) {
		try {
			for (int i = 0; i < MESSAGES; i += CHUNK) {
				List<Message<?>> chunk = new ArrayList<>(CHUNK);
				for (int j = i; j < i + CHUNK; j++) {
					chunk.add(Message.of(j * PROCESSORS + processor, Acknowledger.NOOP, null));
				}
				this.batcher[0].hand(chunk);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Takes the next batch on a thread of its own, as a worker that may have to wait.
	 */
	private Batch takeWithin(long timeout, TimeUnit unit) throws Exception {
		Batch[] taken = new Batch[1];
		Thread worker = new Thread(() -> {
			try {
				taken[0] = this.dispatcher.take(0);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "batch-worker");
		worker.setDaemon(true);
		worker.start();
		worker.join(unit.toMillis(timeout));
		if (worker.isAlive()) {
			worker.interrupt();
			return null;
		}
		return taken[0];
	}

	/**
	 * @return whether every processor still running waits (for room in the inbox)
	 */
	private static boolean awaitWaitingOrEnded(List<Thread> processors) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() - deadline < 0) {
			boolean allWaiting = processors.stream()
				.allMatch((p) -> p.getState() == Thread.State.WAITING || p.getState() == Thread.State.TERMINATED);
			if (allWaiting) {
				return processors.stream().anyMatch(Thread::isAlive);
			}
			Thread.yield();
		}
		throw new AssertionError("the processors neither waited nor ended within 10 s");
	}

}
