package dev.pipeline.rabbitmq;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that hands it over: given to a connection as its consumer
 * executor, the client runs the consumer callbacks on its reader thread instead of
 * handing each one to a dispatch thread. Safe only for callbacks that never wait on the
 * broker, as {@link RabbitSource}'s: a callback that waits for a reply on its own
 * connection would wait for itself.
 *
 * @see RabbitSources#deliverOnReaderThread
 */
final class ReaderThreadExecutor extends AbstractExecutorService {

	private volatile boolean shut;

	@Override
	public void execute(Runnable command) {
		command.run();
	}

	@Override
	public void shutdown() {
		this.shut = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shut = true;
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return this.shut;
	}

	@Override
	public boolean isTerminated() {
		return this.shut;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return true;
	}

}
