package dev.pipeline.core.internal;

/**
 * How much the Lincheck tests explore: a quick pass by default, a deep one with
 * {@code -Dconcurrency.deep=true}.
 */
final class Budget {

	static final boolean DEEP = Boolean.getBoolean("concurrency.deep");

	/** Scenarios generated per test. */
	static final int ITERATIONS = DEEP ? 50 : 5;

	/** Interleavings (model checking) or runs (stress) per scenario. */
	static final int INVOCATIONS = DEEP ? 2_000 : 100;

	private Budget() {
	}

	static void report(String what, long runs) {
		System.out.println("[concurrency] " + what + ": " + ITERATIONS + " scenarios, " + runs
				+ " scenario runs (interleavings or stress runs, with their sequential checks)");
	}

}
