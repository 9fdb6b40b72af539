package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.BatchHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineListener.Worker;
import dev.pipeline.core.StageStats;

/**
 * One batch worker: takes one batch at a time from its batcher, runs the batch handler,
 * and settles every message of the batch. A message the handler leaves out of the list it
 * returns is acknowledged as failed, with a reason that says so; it is never left
 * hanging. A returned list with {@code null} in it fails the whole batch, as a thrown
 * exception does.
 */
final class BatchWorkerStage implements Runnable {

	private final int index;

	private final BatchDispatcher dispatcher;

	private final BatchHandler<Object> handler;

	private final Terminal terminal;

	private final Events events;

	private final Worker worker;

	private final FailureLog log;

	private final Runnable onExit;

	private final WorkerCounters counters = new WorkerCounters();

	BatchWorkerStage(String pipeline, String batcher, int index, BatchDispatcher dispatcher,
			BatchHandler<Object> handler, Terminal terminal, Events events, FailureLog log, Runnable onExit) {
		this.index = index;
		this.worker = new Worker(pipeline, StageStats.Kind.BATCH_WORKER, batcher, index);
		this.dispatcher = dispatcher;
		this.handler = handler;
		this.terminal = terminal;
		this.events = events;
		this.log = log;
		this.onExit = onExit;
	}

	@Override
	public void run() {
		try {
			Batch batch;
			while ((batch = this.dispatcher.take(this.index)) != null) {
				handle(batch);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.onExit.run();
		}
	}

	private void handle(Batch batch) {
		List<Message<?>> messages = batch.messages();
		this.counters.took(messages.size());
		BatchInfo info = batch.info();
		this.events.batchStarted(this.worker, info);
		long start = System.nanoTime();
		List<Message<?>> ok;
		List<Message<?>> failed;
		List<Message<Object>> returned = null;
		Throwable thrown = null;
		try {
			returned = this.handler.handle(uncheckedList(messages), info);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		long took = System.nanoTime() - start;
		Returned match = (thrown == null) ? Returned.match(messages, returned) : null;
		if (match != null && match.nulls() > 0) {
			thrown = new IllegalStateException("The batch handler of batcher '" + info.batcher() + "' returned a list"
					+ " with null in it (" + match.nulls() + " of " + returned.size() + " elements), so no message of"
					+ " the batch has a known outcome; return the messages of the batch, each once.");
		}
		if (thrown != null) {
			this.events.batchException(this.worker, info, thrown, took);
			// A malformed return has a reason of its own and no stack trace worth keeping
			Throwable cause = (match != null) ? null : thrown;
			String reason = (match != null) ? thrown.getMessage()
					: "The batch handler of batcher '" + info.batcher() + "' threw " + ProcessorStage.describe(thrown);
			this.log.failed("handling a batch of " + messages.size(), reason, cause);
			ok = List.of();
			failed = new ArrayList<>(messages.size());
			for (Message<?> message : messages) {
				failed.add(message.failed(reason, cause));
			}
		}
		else {
			List<Message<?>> kept = match.kept();
			if (match.missing().isEmpty() && allOk(kept)) {
				ok = kept;
				failed = List.of();
			}
			else {
				ok = new ArrayList<>(kept.size());
				failed = new ArrayList<>();
				for (Message<?> message : kept) {
					(message.isOk() ? ok : failed).add(message);
				}
				String reason = "The batch handler of batcher '" + info.batcher()
						+ "' left this message out of the list it returned.";
				for (Message<?> message : match.missing()) {
					failed.add(message.failed(reason));
				}
				if (!match.missing().isEmpty()) {
					this.log.failed("handling a batch of " + messages.size(),
							match.missing().size() + " messages were left out of the returned list", null);
				}
			}
			if (match.strangers() > 0) {
				this.log.warn("the batch handler of batcher '" + info.batcher() + "' returned " + match.strangers()
						+ " messages that were not in its batch (or twice); they were ignored.");
			}
		}
		this.terminal.finish(ok, failed);
		this.counters.passed(ok.size(), failed.size(), took);
		this.events.batchStopped(this.worker, info, failed.size(), took);
	}

	private static boolean allOk(List<Message<?>> messages) {
		for (int i = 0, n = messages.size(); i < n; i++) {
			if (messages.get(i).isFailed()) {
				return false;
			}
		}
		return true;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static List<Message<Object>> uncheckedList(List<Message<?>> messages) {
		return (List) messages;
	}

	WorkerCounters counters() {
		return this.counters;
	}

}
