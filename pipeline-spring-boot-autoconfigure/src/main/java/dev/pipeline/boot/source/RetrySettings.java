package dev.pipeline.boot.source;

import java.time.Duration;

/**
 * How often, and after which delays, failed work is tried again: {@link BackOffSettings}
 * plus {@code max-retries}, shaped like Spring Boot's retry settings
 * ({@code spring.rabbitmq.listener.simple.retry.max-retries}, Spring Boot's
 * {@code RetryPolicySettings}). The {@code kafka} kind nests it as {@code retry}, for
 * failed records.
 *
 * @since 0.2.0
 */
public class RetrySettings extends BackOffSettings {

	/** The key of the number of retries, relative to where the settings sit. */
	public static final String MAX_RETRIES = "max-retries";

	/**
	 * Most times failed work is tried again after the first attempt; 0 for none.
	 */
	private long maxRetries;

	/**
	 * Creates settings without retries, and delays of 1s doubling up to 30s.
	 */
	public RetrySettings() {
		this(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Duration.ZERO);
	}

	/**
	 * Creates settings with the given defaults.
	 * @param maxRetries the most retries after the first attempt
	 * @param delay the delay before the first retry
	 * @param multiplier how much longer each delay is
	 * @param maxDelay the longest delay
	 * @param jitter the most a delay moves at random
	 */
	public RetrySettings(long maxRetries, Duration delay, double multiplier, Duration maxDelay, Duration jitter) {
		super(delay, multiplier, maxDelay, jitter);
		this.maxRetries = maxRetries;
	}

	public long getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(long maxRetries) {
		this.maxRetries = maxRetries;
	}

	@Override
	public void validate(SourceKindContext context, String setting) {
		if (this.maxRetries < 0) {
			throw context.invalid(setting + "." + MAX_RETRIES, this.maxRetries, "must be 0 or more",
					"Set 0 to give up at the first failure.");
		}
		super.validate(context, setting);
	}

	@Override
	protected long maxRetries() {
		return this.maxRetries;
	}

}
