package dev.pipeline.rabbitmq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeline.core.Emitter;
import dev.pipeline.core.Message;

/** Keeps what a source emits. */
final class RecordingEmitter implements Emitter<byte[]> {

	final List<Message<byte[]>> emitted = new CopyOnWriteArrayList<>();

	@Override
	public void emit(Message<byte[]> message) {
		this.emitted.add(message);
	}

	@Override
	public void emit(List<Message<byte[]>> messages) {
		this.emitted.addAll(messages);
	}

	List<Message<?>> take(int from, int to) {
		return List.copyOf(this.emitted.subList(from, to));
	}

}
