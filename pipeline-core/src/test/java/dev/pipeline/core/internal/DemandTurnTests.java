package dev.pipeline.core.internal;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.core.Acknowledger;
import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineListener;
import dev.pipeline.core.Source;
import dev.pipeline.core.support.RecordingLogger;
import dev.pipeline.core.testing.VirtualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who hands the processors' demand to the source when one processor asks while another is
 * inside the source's {@code request}: the one inside hands over what was asked meanwhile
 * only when some processor has nothing left to handle; when every processor has messages,
 * each asks again soon, and the next asker takes that demand to the source on its own
 * thread. A processor that runs out just as the role is let go gets its demand handed
 * over all the same.
 */
class DemandTurnTests {

	private final FailureLog log = new FailureLog("demand", new RecordingLogger(), new VirtualClock());

	private final Acknowledgements acknowledgements = new Acknowledgements("demand",
			new Events(PipelineListener.NONE, this.log), this.log);

	private final MessageBuffer[] buffers = { new MessageBuffer(16), new MessageBuffer(16) };

	private final ScriptedSource source = new ScriptedSource();

	private final ProducerStage producer = producer();

	@Test
	void whenEveryProcessorHasMessagesThenDemandAskedMeanwhileIsLeftToTheNextAsker() throws Exception {
		hold(0);
		hold(1);
		this.source.meanwhile = () -> onAnotherThread(() -> this.producer.ask(1, 2));

		this.producer.ask(0, 1);

		assertThat(this.source.requests).containsExactly(new Request(1, Thread.currentThread().getName()));
		Thread asker = new Thread(() -> this.producer.ask(1, 1), "asker");
		asker.start();
		asker.join();
		assertThat(this.source.requests).containsExactly(new Request(1, Thread.currentThread().getName()),
				new Request(3, "asker"));
	}

	@Test
	void whenAProcessorHasNothingLeftThenTheThreadInsideHandsOverWhatWasAskedMeanwhile() throws Exception {
		hold(0);
		this.source.meanwhile = () -> onAnotherThread(() -> this.producer.ask(1, 2));

		this.producer.ask(0, 1);

		String self = Thread.currentThread().getName();
		assertThat(this.source.requests).containsExactly(new Request(1, self), new Request(2, self));
	}

	@Test
	void whenAProcessorRunsOutOfMessagesAsTheRoleIsLeftThenTheThreadInsideTakesTheDemandBack() {
		Demand demand = demand();
		this.source.meanwhile = () -> onAnotherThread(() -> demand.ask(2, null));
		// every processor has messages when the role is left, one has none just after
		Iterator<Boolean> answers = List.of(true, false).iterator();

		demand.ask(1, () -> answers.hasNext() && answers.next());

		String self = Thread.currentThread().getName();
		assertThat(this.source.requests).containsExactly(new Request(1, self), new Request(2, self));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Demand demand() {
		SourceEmitter emitter = new SourceEmitter("demand", (Source) this.source, this.producer, null);
		return new Demand(new Source[] { this.source }, new SourceEmitter[] { emitter }, null);
	}

	private void hold(int processor) throws InterruptedException {
		this.buffers[processor].put(Message.of(processor, Acknowledger.NOOP, null));
	}

	/**
	 * Asks on another thread, once, and waits for that ask to return: it finds this
	 * thread handing over, so it leaves its demand and returns at once.
	 */
	private static void onAnotherThread(Runnable ask) {
		Thread other = new Thread(ask, "other");
		other.start();
		try {
			other.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ProducerStage producer() {
		return new ProducerStage("demand", new Source[] { this.source }, this.buffers, null, null, null,
				this.acknowledgements);
	}

	record Request(int count, String thread) {
	}

	/**
	 * Records who asks for how many; runs {@link #meanwhile} inside its first request.
	 */
	private static final class ScriptedSource implements Source<Object> {

		final List<Request> requests = new CopyOnWriteArrayList<>();

		Runnable meanwhile = () -> {
		};

		@Override
		public void start(Emitter<Object> emitter) {
		}

		@Override
		public void request(int count) {
			this.requests.add(new Request(count, Thread.currentThread().getName()));
			if (this.requests.size() == 1) {
				this.meanwhile.run();
			}
		}

	}

}
