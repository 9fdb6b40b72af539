package dev.pipeline.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.pipeline.core.ThreadMode;
import org.jspecify.annotations.Nullable;

/**
 * Starts stage threads, platform or virtual, named
 * {@code pipeline-<name>-<stage>-<index>}. Virtual threads are reached through method
 * handles, so the engine builds for Java 17 and uses them on Java 21 and later.
 */
final class WorkerThreads {

	private static final @Nullable MethodHandle OF_VIRTUAL = findOfVirtual();

	private WorkerThreads() {
	}

	static Thread start(ThreadMode mode, String name, Runnable work) {
		Thread thread = (mode == ThreadMode.VIRTUAL) ? virtual(name, work) : platform(name, work);
		thread.start();
		return thread;
	}

	static boolean virtualThreadsAvailable() {
		return OF_VIRTUAL != null;
	}

	private static Thread platform(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(false);
		return thread;
	}

	private static Thread virtual(String name, Runnable work) {
		if (OF_VIRTUAL == null) {
			throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
					+ Runtime.version().feature() + ". Use platform threads, or run on a newer Java.");
		}
		try {
			return (Thread) OF_VIRTUAL.invoke(name, work);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not create a virtual thread", ex);
		}
	}

	private static @Nullable MethodHandle findOfVirtual() {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Class<?> virtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
			MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualType));
			MethodHandle named = lookup.findVirtual(builderType, "name",
					MethodType.methodType(builderType, String.class));
			MethodHandle unstarted = lookup.findVirtual(builderType, "unstarted",
					MethodType.methodType(Thread.class, Runnable.class));
			return MethodHandles.lookup()
				.findStatic(WorkerThreads.class, "newVirtual",
						MethodType.methodType(Thread.class, MethodHandle.class, MethodHandle.class, MethodHandle.class,
								String.class, Runnable.class))
				.bindTo(ofVirtual)
				.bindTo(named)
				.bindTo(unstarted);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	@SuppressWarnings("unused")
	private static Thread newVirtual(MethodHandle ofVirtual, MethodHandle named, MethodHandle unstarted, String name,
			Runnable work) throws Throwable {
		Object builder = ofVirtual.invoke();
		builder = named.invoke(builder, name);
		return (Thread) unstarted.invoke(builder, work);
	}

}
