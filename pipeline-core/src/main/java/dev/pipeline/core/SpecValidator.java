package dev.pipeline.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.pipeline.core.PipelineSpec.BatcherBuilder;
import dev.pipeline.core.PipelineSpec.Builder;

/**
 * Checks every setting of a pipeline once, and says what is wrong in the project's one
 * grammar: the full path, the value, what is allowed, and the fix.
 */
final class SpecValidator {

	private static final String POSITIVE = "Set a positive integer, or remove the key to use the default.";

	private final String pipeline;

	SpecValidator(String pipeline) {
		this.pipeline = pipeline;
	}

	<T> PipelineSpec<T> validate(Builder<T> b) {
		if (!Builder.isValidName(this.pipeline)) {
			throw problem("",
					"Invalid pipeline name '" + this.pipeline
							+ "': must start with a letter or digit and hold only letters, digits, '.', '_' and '-'.",
					"Rename the pipeline.");
		}
		if (b.sources() == null) {
			throw problem(SettingKeys.PRODUCER, "Pipeline '" + PipelineConfigurationException.PREFIX + this.pipeline
					+ "' has no source: exactly one is required.", "Configure one source for the pipeline.");
		}
		atLeast(1, b.producerConcurrency(), SettingKeys.PRODUCER_CONCURRENCY, POSITIVE);
		String processors = SettingKeys.PROCESSORS;
		atLeast(1, b.processorConcurrency(), SettingKeys.processors(SettingKeys.CONCURRENCY), POSITIVE);
		atLeast(1, b.maxDemand(), SettingKeys.processors(SettingKeys.MAX_DEMAND), POSITIVE);
		int minDemand = (b.minDemand() != null) ? b.minDemand() : b.maxDemand() / 2;
		atLeast(0, minDemand, SettingKeys.processors(SettingKeys.MIN_DEMAND),
				"Set 0 or more, or remove the key to use half of max-demand.");
		if (minDemand >= b.maxDemand()) {
			throw new PipelineConfigurationException(this.pipeline,
					List.of(SettingKeys.processors(SettingKeys.MIN_DEMAND),
							SettingKeys.processors(SettingKeys.MAX_DEMAND)),
					"min-demand (" + minDemand + ") must be less than max-demand (" + b.maxDemand() + ") in "
							+ path(processors) + ".",
					"Lower min-demand or raise max-demand, or remove min-demand to use half of max-demand.");
		}
		if (b.partitionBy() != null && b.orderBy() != null) {
			throw new PipelineConfigurationException(this.pipeline,
					List.of(SettingKeys.processors(SettingKeys.PARTITION_BY),
							SettingKeys.processors(SettingKeys.ORDER_BY)),
					"partition-by and order-by are both set in " + path(processors)
							+ ": they are two ways to keep messages with the same key in order, and only one can apply.",
					"Remove partition-by to spread keys over the processors as they free up, or remove order-by to pin"
							+ " each key to one processor.");
		}
		if (b.messageHandler() == null) {
			throw problem("processors",
					"Pipeline '" + PipelineConfigurationException.PREFIX + this.pipeline + "' has no message handler.",
					"Give the pipeline a message handler (an @OnMessage method).");
		}
		if (b.shutdownTimeout().isNegative() || b.shutdownTimeout().isZero()) {
			throw problem(SettingKeys.SHUTDOWN_TIMEOUT,
					invalid(b.shutdownTimeout(), SettingKeys.SHUTDOWN_TIMEOUT, "must be positive"),
					"Set a positive duration such as 30s, or remove the key to use the default.");
		}
		if (b.threadMode() == ThreadMode.VIRTUAL && Runtime.version().feature() < 21) {
			throw problem(SettingKeys.THREADS,
					invalid("virtual", SettingKeys.THREADS,
							"virtual threads need Java 21 or later, and this is Java " + Runtime.version().feature()),
					"Run on Java 21 or later, or set 'platform'.");
		}
		List<BatcherSettings<T>> batchers = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (BatcherBuilder<T> batcher : b.batchers()) {
			if (!names.add(batcher.name)) {
				throw problem(SettingKeys.batcher(batcher.name, ""),
						"Batcher '" + batcher.name + "' is declared twice in " + path(SettingKeys.BATCHERS) + ".",
						"Give each batcher its own name.");
			}
			batchers.add(validate(batcher));
		}
		return new PipelineSpec<>(this.pipeline, b.sources(), b.producerConcurrency(), b.rateLimit(),
				new ProcessorSettings<>(b.processorConcurrency(), b.maxDemand(), minDemand, b.partitionBy(),
						b.orderBy()),
				b.messageHandler(), b.preparer(), b.failureHandler(), List.copyOf(batchers), b.shutdownTimeout(),
				b.threadMode(), b.listener(), b.clock(), b.threadDecorator());
	}

	private <T> BatcherSettings<T> validate(BatcherBuilder<T> b) {
		String key = SettingKeys.batcher(b.name, "");
		if (!Builder.isValidName(b.name)) {
			throw problem(key,
					"Invalid batcher name '" + b.name + "' in " + path(SettingKeys.BATCHERS)
							+ ": must start with a letter or digit and hold only letters, digits, '.', '_' and '-'.",
					"Rename the batcher.");
		}
		atLeast(1, b.batchSize, SettingKeys.batcher(b.name, SettingKeys.BATCH_SIZE), POSITIVE);
		if (b.batchMaxBytes < 0) {
			String maxBytes = SettingKeys.batcher(b.name, SettingKeys.BATCH_MAX_BYTES);
			throw problem(maxBytes, invalid(b.batchMaxBytes, maxBytes, "must be 0 (no limit) or more"),
					"Set a size such as 1MB, or remove the key for no byte limit.");
		}
		Duration timeout = b.batchTimeout;
		if (timeout.toMillis() < 1) {
			String timeoutKey = SettingKeys.batcher(b.name, SettingKeys.BATCH_TIMEOUT);
			throw problem(timeoutKey, invalid(timeout, timeoutKey, "must be 1ms or more"),
					"Set a duration such as 1s, or remove the key to use the default.");
		}
		atLeast(1, b.concurrency, SettingKeys.batcher(b.name, SettingKeys.CONCURRENCY), POSITIVE);
		int maxDemand = (b.maxDemand != null) ? b.maxDemand : b.batchSize;
		atLeast(1, maxDemand, SettingKeys.batcher(b.name, SettingKeys.MAX_DEMAND), POSITIVE);
		if (b.handler == null) {
			throw problem(key, "Batcher '" + b.name + "' in " + path(key) + " has no batch handler.",
					"Add a batch handler for it (an @OnBatch(\"" + b.name + "\") method), or remove the batcher.");
		}
		return new BatcherSettings<>(b.name, b.batchSize, b.batchMaxBytes, b.sizer, timeout, b.concurrency, maxDemand,
				b.partitionBy, b.handler);
	}

	private void atLeast(long min, long value, String key, String action) {
		if (value < min) {
			throw problem(key, invalid(value, key, "must be " + min + " or more"), action);
		}
	}

	private String invalid(Object value, String key, String requirement) {
		return "Invalid value '" + value + "' for '" + path(key) + "': " + requirement + ".";
	}

	private String path(String key) {
		return PipelineConfigurationException.PREFIX + this.pipeline + (key.isEmpty() ? "" : "." + key);
	}

	private PipelineConfigurationException problem(String key, String reason, String action) {
		return new PipelineConfigurationException(this.pipeline, key.isEmpty() ? List.of() : List.of(key), reason,
				action);
	}

}
