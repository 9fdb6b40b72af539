package dev.pipeline.core.internal;

import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.core.PipelineClock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs handler failures without flooding: at most one warning per second per pipeline,
 * with the count of failures it did not log. Every failure is logged at debug level. The
 * second follows the pipeline's clock.
 */
final class FailureLog {

	private static final Logger LOGGER = LoggerFactory.getLogger("dev.pipeline.core.Pipeline");

	private static final long QUIET_NANOS = 1_000_000_000L;

	private final String pipeline;

	private final Logger logger;

	private final PipelineClock clock;

	private final AtomicLong nextWarning;

	private final AtomicLong suppressed = new AtomicLong();

	FailureLog(String pipeline, PipelineClock clock) {
		this(pipeline, LOGGER, clock);
	}

	FailureLog(String pipeline, Logger logger, PipelineClock clock) {
		this.pipeline = pipeline;
		this.logger = logger;
		this.clock = clock;
		this.nextWarning = new AtomicLong(clock.nanoTime());
	}

	void failed(String where, String reason, @Nullable Throwable cause) {
		Logger logger = this.logger;
		long now = this.clock.nanoTime();
		long next = this.nextWarning.get();
		if (now - next >= 0 && this.nextWarning.compareAndSet(next, now + QUIET_NANOS)) {
			long skipped = this.suppressed.getAndSet(0);
			logger.warn("Pipeline '{}': {} failed: {}{}", this.pipeline, where, reason,
					(skipped > 0) ? " (" + skipped + " more failures since the last warning)" : "", cause);
		}
		else {
			this.suppressed.incrementAndGet();
			if (logger.isDebugEnabled()) {
				logger.debug("Pipeline '{}': {} failed: {}", this.pipeline, where, reason, cause);
			}
		}
	}

	void error(String message, @Nullable Throwable cause) {
		this.logger.error("Pipeline '{}': {}", this.pipeline, message, cause);
	}

	void warn(String message) {
		this.logger.warn("Pipeline '{}': {}", this.pipeline, message);
	}

}
