package dev.pipeline.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A producer rate limit: at most {@code allowedMessages} leave the producers per
 * {@code interval}, shared by all producers of a pipeline.
 *
 * @param allowedMessages messages allowed per interval, 1 or more
 * @param interval the interval, 1 ms or more
 * @since 0.1.0
 */
public record RateLimit(int allowedMessages, Duration interval) {

	/**
	 * Creates a rate limit.
	 * @param allowedMessages messages per interval
	 * @param interval the interval
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public RateLimit {
		Objects.requireNonNull(interval, "interval");
		if (allowedMessages < 1) {
			throw new IllegalArgumentException("allowed-messages must be 1 or more, was " + allowedMessages);
		}
		if (interval.toMillis() < 1) {
			throw new IllegalArgumentException("interval must be 1ms or more, was " + interval);
		}
	}

	/**
	 * Creates a rate limit for a pipeline, saying what is wrong in the grammar of every
	 * configuration error.
	 * @param pipeline the pipeline's name
	 * @param allowedMessages messages per interval
	 * @param interval the interval
	 * @return the rate limit
	 * @throws PipelineConfigurationException naming
	 * {@value SettingKeys#RATE_LIMIT_ALLOWED_MESSAGES} or
	 * {@value SettingKeys#RATE_LIMIT_INTERVAL} if a value is out of range
	 * @since 0.2.0
	 */
	public static RateLimit of(String pipeline, int allowedMessages, Duration interval) {
		if (allowedMessages < 1) {
			throw PipelineConfigurationException.invalid(pipeline, SettingKeys.RATE_LIMIT_ALLOWED_MESSAGES,
					allowedMessages, "must be 1 or more", "Set a positive integer, or remove the rate limit.");
		}
		if (interval.toMillis() < 1) {
			throw PipelineConfigurationException.invalid(pipeline, SettingKeys.RATE_LIMIT_INTERVAL, interval,
					"must be 1ms or more", "Set a duration such as 1s, or remove the key to use the default.");
		}
		return new RateLimit(allowedMessages, interval);
	}

}
