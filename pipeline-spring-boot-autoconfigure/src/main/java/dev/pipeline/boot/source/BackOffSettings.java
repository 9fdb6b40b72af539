package dev.pipeline.boot.source;

import java.time.Duration;
import java.util.List;

import dev.pipeline.core.PipelineConfigurationException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;

/**
 * Delays between attempts, shaped like Spring Boot's retry settings (for example
 * {@code spring.kafka.retry.topic.backoff.*}, and Spring Boot's
 * {@code RetryPolicySettings}): {@code delay}, then each delay {@code multiplier} times
 * the one before, up to {@code max-delay}, each moved at random by up to {@code jitter}.
 * The built-in kinds nest it as {@code reconnect}: a source tries again for as long as it
 * runs, so there is no count of attempts here ({@link RetrySettings} adds one). A kind of
 * an application's own can nest it too, with defaults of its choosing.
 *
 * <p>
 * The delays come from Spring Framework's retry support: {@link #toBackOff()} returns the
 * {@link BackOff} of a {@link RetryPolicy} built from these settings.
 *
 * @since 0.2.0
 */
public class BackOffSettings {

	/** The key of the longest delay, relative to where the settings sit. */
	public static final String MAX_DELAY = "max-delay";

	/**
	 * Delay before the first attempt after a failure.
	 */
	private Duration delay;

	/**
	 * How much longer each delay is than the one before; 1 for a fixed delay.
	 */
	private double multiplier;

	/**
	 * Longest delay.
	 */
	private Duration maxDelay;

	/**
	 * Most by which a delay is moved at random, either way, so that many sources do not
	 * try again in step.
	 */
	private Duration jitter;

	/**
	 * Creates settings with defaults of 1s, doubling up to 30s, without jitter.
	 */
	public BackOffSettings() {
		this(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Duration.ZERO);
	}

	/**
	 * Creates settings with the given defaults.
	 * @param delay the delay before the first attempt
	 * @param multiplier how much longer each delay is
	 * @param maxDelay the longest delay
	 * @param jitter the most a delay moves at random
	 */
	public BackOffSettings(Duration delay, double multiplier, Duration maxDelay, Duration jitter) {
		this.delay = delay;
		this.multiplier = multiplier;
		this.maxDelay = maxDelay;
		this.jitter = jitter;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	/**
	 * Checks the settings, naming a bad one by its full key.
	 * @param context the pipeline being configured
	 * @param setting where the settings sit under {@code producer.<kind>}, for example
	 * {@code reconnect}
	 * @throws PipelineConfigurationException when a setting cannot work
	 */
	public void validate(SourceKindContext context, String setting) {
		String at = setting + ".";
		if (this.delay == null || this.delay.isNegative() || this.delay.isZero()) {
			throw context.invalid(at + "delay", String.valueOf(this.delay), "must be a positive duration",
					"Set a duration such as 1s, or remove the key to use the default.");
		}
		if (!(this.multiplier >= 1.0) || Double.isInfinite(this.multiplier)) {
			throw context.invalid(at + "multiplier", this.multiplier, "must be 1 or more",
					"Set 1 for a fixed delay, or a factor such as 2 to double each delay.");
		}
		if (this.maxDelay == null || this.maxDelay.compareTo(this.delay) < 0) {
			String maxDelayKey = context.key(at + MAX_DELAY);
			throw PipelineConfigurationException.of(context.pipeline(), List.of(maxDelayKey, context.key(at + "delay")),
					MAX_DELAY + " (" + this.maxDelay + ") must not be less than delay (" + this.delay + ") in "
							+ PipelineConfigurationException.path(context.pipeline(), context.key(setting)) + ".",
					"Raise " + MAX_DELAY + " to at least " + this.delay + ", or lower delay.");
		}
		if (this.jitter == null || this.jitter.isNegative()) {
			throw context.invalid(at + "jitter", String.valueOf(this.jitter), "must not be negative",
					"Set a duration such as 100ms, or 0 for exact delays.");
		}
	}

	/**
	 * Returns the delays as Spring Framework's back-off: as many attempts as
	 * {@link #maxRetries()} allows.
	 * @return a back-off whose every execution starts from {@code delay}
	 */
	public BackOff toBackOff() {
		return toRetryPolicy().getBackOff();
	}

	/**
	 * Returns a retry policy with these delays, which retries any failure.
	 * @return the policy
	 */
	public RetryPolicy toRetryPolicy() {
		return RetryPolicy.builder()
			.maxRetries(maxRetries())
			.delay(this.delay)
			.multiplier(this.multiplier)
			.maxDelay(this.maxDelay)
			.jitter(this.jitter)
			.build();
	}

	/**
	 * Returns how many attempts follow a failure before the back-off stops.
	 * @return {@code Long.MAX_VALUE}: a reconnecting source never gives up
	 */
	protected long maxRetries() {
		return Long.MAX_VALUE;
	}

}
