package dev.pipeline.bench;

/**
 * What one run measured, besides its own result.
 *
 * @param nanos wall time from just before start to the last acknowledgement
 * @param messages messages in the run
 * @param heapBaseline used heap after a full collection, before the run, in bytes
 * @param heapPeak highest used heap sampled during the run, garbage included
 * @param heapEnd used heap right after the last acknowledgement
 * @param heapLive used heap after a full collection at the end, with the pipeline still
 * up
 * @param jvmCores CPU time of this JVM divided by wall time
 * @param otherCores CPU time of everything else on the machine divided by wall time
 * @param gcs garbage collections during the run
 * @param gcMillis their total time
 * @param load1 the 1-minute load average just before the run
 * @param quietWaitMillis how long the run waited for a quiet machine
 */
record RunFigures(long nanos, long messages, long heapBaseline, long heapPeak, long heapEnd, long heapLive,
		double jvmCores, double otherCores, long gcs, long gcMillis, double load1, long quietWaitMillis) {

	/**
	 * @return messages per second
	 */
	double rate() {
		return this.messages * 1e9 / this.nanos;
	}

	/**
	 * @return the heap figures in MiB: baseline → peak → end (live after GC)
	 */
	String heap() {
		return String.format("%.0f → %.0f → %.0f (live %.1f) MiB", mib(this.heapBaseline), mib(this.heapPeak),
				mib(this.heapEnd), mib(this.heapLive));
	}

	/**
	 * @return the CPU figures: cores used by this JVM, by the rest of the machine, and
	 * the collections
	 */
	String cpu() {
		return String.format("jvm %.2f cores, other %.2f cores, %d GCs %d ms, load %.2f, waited %.0f s for quiet",
				this.jvmCores, this.otherCores, this.gcs, this.gcMillis, this.load1, this.quietWaitMillis / 1000.0);
	}

	static double mib(long bytes) {
		return bytes / 1048576.0;
	}

}
