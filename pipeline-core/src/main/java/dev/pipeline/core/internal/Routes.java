package dev.pipeline.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.core.Message;

/**
 * One processor's way to the batchers: finds a message's batcher by name (or the default
 * one) and collects what a chunk sends to each batcher, so each batcher gets one hand-off
 * per chunk. Owned by one processor.
 */
final class Routes {

	/** The pipeline has no batchers: messages are acknowledged after the processor. */
	static final int ACKNOWLEDGE = -1;

	/**
	 * The message names a batcher the pipeline does not have, or names none when there is
	 * no default.
	 */
	static final int UNKNOWN = -2;

	private final String pipeline;

	private final String[] names;

	private final BatcherStage[] batchers;

	private final int defaultRoute;

	private final List<Message<?>>[] pending;

	@SuppressWarnings({ "unchecked", "rawtypes" })
	Routes(String pipeline, String[] names, BatcherStage[] batchers) {
		this.pipeline = pipeline;
		this.names = names;
		this.batchers = batchers;
		this.pending = new List[names.length];
		int defaultRoute = UNKNOWN;
		for (int i = 0; i < names.length; i++) {
			if (names[i].equals(Message.DEFAULT_BATCHER)) {
				defaultRoute = i;
			}
		}
		if (defaultRoute == UNKNOWN && names.length == 1) {
			defaultRoute = 0;
		}
		this.defaultRoute = (names.length == 0) ? ACKNOWLEDGE : defaultRoute;
	}

	int route(Message<?> message) {
		String batcher = message.batcher();
		if (batcher == null || this.names.length == 0) {
			return this.defaultRoute;
		}
		String[] all = this.names;
		for (int i = 0; i < all.length; i++) {
			if (all[i].equals(batcher)) {
				return i;
			}
		}
		return UNKNOWN;
	}

	void add(int route, Message<?> message, int sizeHint) {
		List<Message<?>> list = this.pending[route];
		if (list == null) {
			list = new ArrayList<>(sizeHint);
			this.pending[route] = list;
		}
		list.add(message);
	}

	/**
	 * Hands what the chunk collected to the batchers, waiting while a batcher's inbox is
	 * full; the calling thread may form their batches ({@link BatcherStage#hand}).
	 * @throws InterruptedException if interrupted while waiting
	 */
	void forward() throws InterruptedException {
		List<Message<?>>[] all = this.pending;
		for (int i = 0; i < all.length; i++) {
			if (all[i] != null) {
				List<Message<?>> list = all[i];
				all[i] = null;
				this.batchers[i].hand(list);
			}
		}
	}

	String whyUnroutable(Message<?> message) {
		String batcher = message.batcher();
		if (batcher == null) {
			return "The message names no batcher, and pipeline '" + this.pipeline + "' has no batcher called '"
					+ Message.DEFAULT_BATCHER + "' among " + List.of(this.names)
					+ "; route it with toBatcher(name), or call one batcher 'default'.";
		}
		return "The message was routed to batcher '" + batcher + "', which pipeline '" + this.pipeline
				+ "' does not have; its batchers are " + List.of(this.names) + ".";
	}

}
