package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Message;
import dev.pipeline.core.MessageHandler;
import dev.pipeline.core.MessagePreparer;
import dev.pipeline.core.PipelineSpec;
import dev.pipeline.core.Source;
import dev.pipeline.core.PipelineListener.Worker;
import dev.pipeline.core.StageStats;
import org.jspecify.annotations.Nullable;

/**
 * One processor: takes chunks of at most {@code max-demand - min-demand} messages from
 * its producer buffer, runs the message handler on each, and sends the ok ones on to
 * their batchers, or acknowledges them right away when the pipeline has no batchers.
 * Failed messages are settled here and go no further.
 *
 * <p>
 * Demand follows GenStage: the processor asks for its max-demand when it starts, then,
 * after each chunk, for as many messages as the chunk held. With nothing left to handle
 * it lets the sources lean on it before it waits ({@link Source#linger()}). It ends when
 * its buffer is closed and empty (a drain), and then tells the topology.
 */
final class ProcessorStage implements Runnable {

	private final int index;

	private final MessageBuffer buffer;

	private final ProducerStage producer;

	private final int maxDemand;

	private final int chunkSize;

	private final MessageHandler<Object> handler;

	private final @Nullable MessagePreparer<Object> preparer;

	private final Routes routes;

	private final Terminal terminal;

	private final Events events;

	private final Worker worker;

	private final FailureLog log;

	private final Runnable onExit;

	private final WorkerCounters counters = new WorkerCounters();

	/**
	 * The handler time of each message of the chunk at hand, when the listener times
	 * messages; made once, reused for every chunk.
	 */
	private final long @Nullable [] times;

	private int timed;

	/** What the handler threw for the message at hand, kept for its events. */
	private @Nullable Throwable thrown;

	ProcessorStage(String pipeline, int index, MessageBuffer buffer, ProducerStage producer, int maxDemand,
			int chunkSize, MessageHandler<Object> handler, @Nullable MessagePreparer<Object> preparer, Routes routes,
			Terminal terminal, Events events, FailureLog log, Runnable onExit) {
		this.index = index;
		this.buffer = buffer;
		this.producer = producer;
		this.maxDemand = maxDemand;
		this.chunkSize = chunkSize;
		this.handler = handler;
		this.preparer = preparer;
		this.routes = routes;
		this.terminal = terminal;
		this.events = events;
		this.worker = new Worker(pipeline, StageStats.Kind.PROCESSOR, PipelineSpec.PROCESSORS, index);
		this.log = log;
		this.onExit = onExit;
		this.times = events.messageTimes ? new long[chunkSize] : null;
	}

	@Override
	public void run() {
		try {
			this.producer.enter(this.index);
			this.producer.ask(this.index, this.maxDemand);
			while (true) {
				List<Message<?>> chunk = next();
				if (chunk == null) {
					return;
				}
				this.counters.took(chunk.size());
				handle(chunk);
				this.producer.finished(this.index, chunk.size());
				this.producer.ask(this.index, chunk.size());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.onExit.run();
		}
	}

	/**
	 * Takes the next chunk, waiting for one. A processor with nothing left to handle
	 * first lets the sources lean on it ({@link Source#linger()}): it waits no longer
	 * than the earliest time a source gives, then calls the sources again, on this
	 * thread, instead of a timer thread of a source's waking it.
	 * @return the chunk (empty when the wait was nudged), or {@code null} when the buffer
	 * is closed and empty
	 */
	private @Nullable List<Message<?>> next() throws InterruptedException {
		while (this.buffer.size() == 0) {
			long until = Source.NO_LINGER;
			for (Source<Object> source : this.producer.sources()) {
				until = Math.min(until, source.linger());
			}
			if (until == Source.NO_LINGER) {
				break;
			}
			List<Message<?>> chunk = this.buffer.take(this.chunkSize, Math.max(1, until - System.nanoTime()));
			if (chunk == null || !chunk.isEmpty()) {
				return chunk;
			}
		}
		return this.buffer.take(this.chunkSize, -1);
	}

	private void handle(List<Message<?>> chunk) throws InterruptedException {
		long start = System.nanoTime();
		List<Message<?>> messages = prepare(chunk);
		List<Message<?>> failed = null;
		List<Message<?>> ok = null;
		for (int i = 0, n = messages.size(); i < n; i++) {
			Message<?> result = handleOne(messages.get(i));
			if (result.isOk()) {
				int route = this.routes.route(result);
				if (route == Routes.ACKNOWLEDGE) {
					if (ok == null) {
						ok = new ArrayList<>(n);
					}
					ok.add(result);
					continue;
				}
				if (route >= 0) {
					this.routes.add(route, result, n);
					continue;
				}
				result = result.failed(this.routes.whyUnroutable(result));
			}
			if (failed == null) {
				failed = new ArrayList<>();
			}
			failed.add(result);
		}
		long took = System.nanoTime() - start;
		int failedCount = (failed != null) ? failed.size() : 0;
		this.routes.forward();
		if (ok != null || failed != null) {
			this.terminal.finish((ok != null) ? ok : List.of(), (failed != null) ? failed : List.of());
		}
		this.counters.passed(chunk.size() - failedCount, failedCount, took);
		if (this.times != null) {
			int count = this.timed;
			this.timed = 0;
			this.events.messagesTimed(this.worker, this.times, count);
		}
		this.events.chunkHandled(this.worker, chunk.size(), failedCount, took);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private List<Message<?>> prepare(List<Message<?>> chunk) {
		if (this.preparer == null) {
			return chunk;
		}
		try {
			List<Message<Object>> prepared = this.preparer.prepare((List) chunk);
			Returned match = Returned.match(chunk, prepared);
			if (match.missing().isEmpty() && match.strangers() == 0 && match.nulls() == 0) {
				return match.kept();
			}
			return failAll(chunk, "The message preparer returned " + ((prepared != null) ? prepared.size() : 0)
					+ " messages for a chunk of " + chunk.size() + "; it must return each message it was given.", null);
		}
		catch (Throwable ex) {
			return failAll(chunk, "The message preparer threw " + describe(ex), ex);
		}
	}

	private List<Message<?>> failAll(List<Message<?>> chunk, String reason, @Nullable Throwable cause) {
		this.log.failed("preparing a chunk", reason, cause);
		List<Message<?>> failed = new ArrayList<>(chunk.size());
		for (Message<?> message : chunk) {
			failed.add(message.failed(reason, cause));
		}
		return failed;
	}

	private Message<?> handleOne(Message<?> message) {
		if (message.isFailed()) {
			return message;
		}
		if (!this.events.messages) {
			if (this.times == null) {
				return callHandler(message);
			}
			long start = System.nanoTime();
			Message<?> result = callHandler(message);
			time(System.nanoTime() - start);
			return result;
		}
		this.events.messageStarted(this.worker, message);
		long start = System.nanoTime();
		Message<?> result = callHandler(message);
		long took = System.nanoTime() - start;
		time(took);
		Throwable error = this.thrown;
		if (error != null) {
			this.thrown = null;
			this.events.messageException(this.worker, message, error, took);
		}
		this.events.messageStopped(this.worker, result, took);
		return result;
	}

	private void time(long nanos) {
		long[] times = this.times;
		if (times != null && this.timed < times.length) {
			times[this.timed++] = nanos;
		}
	}

	@SuppressWarnings("unchecked")
	private Message<?> callHandler(Message<?> message) {
		try {
			Message<?> result = this.handler.handle((Message<Object>) message);
			if (result == null) {
				String reason = "The message handler returned null; return the message it was given.";
				this.log.failed("handling a message", reason, null);
				return message.failed(reason);
			}
			if (result.origin() != message.origin()) {
				return message.failed("The message handler returned a message that was not made from the one it"
						+ " was given; derive it with withData, toBatcher or failed.");
			}
			return result;
		}
		catch (Throwable ex) {
			String reason = "The message handler threw " + describe(ex);
			if (this.events.messages) {
				this.thrown = ex;
			}
			this.log.failed("handling a message", reason, ex);
			return message.failed(reason, ex);
		}
	}

	static String describe(Throwable ex) {
		String text = ex.getMessage();
		return ex.getClass().getName() + ((text != null) ? ": " + text : "");
	}

	WorkerCounters counters() {
		return this.counters;
	}

}
