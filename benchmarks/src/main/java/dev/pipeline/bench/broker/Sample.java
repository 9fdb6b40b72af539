package dev.pipeline.bench.broker;

/**
 * One measured run of one side.
 *
 * @param side which consumer ran
 * @param messages how many messages it consumed
 * @param wallNanos from the consumer's start to the N-th delivery (group join or
 * {@code basicConsume} included)
 * @param fetchNanos from the first delivery to the N-th
 * @param clientCpuNanos this JVM's CPU time over {@code wallNanos}
 * @param compilerCpuNanos the part of it its JIT compiler threads took
 * @param brokerCpuNanos the broker process's CPU time over {@code wallNanos}, or negative
 * when unknown
 * @param load1 the 1-minute load average at the end of the run
 */
public record Sample(String side, long messages, long wallNanos, long fetchNanos, long clientCpuNanos,
		long compilerCpuNanos, long brokerCpuNanos, double load1) {

	/**
	 * @return messages per second over the wall time
	 */
	public double rate() {
		return this.messages * 1e9 / this.wallNanos;
	}

	/**
	 * @return messages per second from the first delivery to the last
	 */
	public double fetchRate() {
		return (this.fetchNanos > 0) ? this.messages * 1e9 / this.fetchNanos : Double.NaN;
	}

	/**
	 * @return the client JVM's CPU microseconds per message
	 */
	public double clientMicros() {
		return this.clientCpuNanos / 1e3 / this.messages;
	}

	/**
	 * @return the client JVM's CPU microseconds per message, leaving out its JIT
	 * compilers: what the consumer costs once its code is compiled
	 */
	public double clientCompiledMicros() {
		return (this.clientCpuNanos - this.compilerCpuNanos) / 1e3 / this.messages;
	}

	/**
	 * @return the broker's CPU microseconds per message, or NaN
	 */
	public double brokerMicros() {
		return (this.brokerCpuNanos >= 0) ? this.brokerCpuNanos / 1e3 / this.messages : Double.NaN;
	}

	/**
	 * @return one line for the run's log
	 */
	public String describe() {
		return String.format(
				"%-8s %,10.0f msg/s (%,10.0f from the first delivery)  %6.2f s  client %6.2f µs/msg"
						+ " (%5.2f without JIT)  broker %6.2f µs/msg  client %.2f cores  load %.2f",
				this.side, rate(), fetchRate(), this.wallNanos / 1e9, clientMicros(), clientCompiledMicros(),
				brokerMicros(), this.clientCpuNanos / (double) this.wallNanos, this.load1);
	}

}
