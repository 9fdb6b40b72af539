package dev.pipeline.boot.source;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the embedded generator source, under {@code producer.generator}: messages
 * made from their sequence number, for demos and load tests.
 *
 * @since 0.2.0
 */
public class GeneratorSettings {

	/**
	 * Messages per second, or 0 for as fast as the pipeline demands.
	 */
	private double rate;

	/**
	 * How many messages in all, or 0 for no end.
	 */
	private long limit;

	/**
	 * Name of a java.util.function.LongFunction bean that makes the payload of message n;
	 * when unset, the payload is n, a Long.
	 */
	private @Nullable String payloadBean;

	public double getRate() {
		return this.rate;
	}

	public void setRate(double rate) {
		this.rate = rate;
	}

	public long getLimit() {
		return this.limit;
	}

	public void setLimit(long limit) {
		this.limit = limit;
	}

	public @Nullable String getPayloadBean() {
		return this.payloadBean;
	}

	public void setPayloadBean(@Nullable String payloadBean) {
		this.payloadBean = payloadBean;
	}

}
