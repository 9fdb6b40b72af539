package dev.pipeline.core;

import dev.pipeline.core.PipelineListener.Worker;

/**
 * Tells whether a listener class overrides the per-message events, so that the engine
 * sends them only to listeners that want them. Looked up once per pipeline start, never
 * per message.
 */
final class ListenerMethods {

	private ListenerMethods() {
	}

	static boolean overridesMessageEvents(Class<?> type) {
		return overrides(type, "messageStarted", Worker.class, Message.class)
				|| overrides(type, "messageStopped", Worker.class, Message.class, long.class)
				|| overrides(type, "messageException", Worker.class, Message.class, Throwable.class, long.class);
	}

	static boolean overridesMessageTimes(Class<?> type) {
		return overrides(type, "messagesTimed", Worker.class, long[].class, int.class);
	}

	private static boolean overrides(Class<?> type, String name, Class<?>... parameters) {
		try {
			return type.getMethod(name, parameters).getDeclaringClass() != PipelineListener.class;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
