package dev.pipeline.sample;

import java.util.Map;
import java.util.NoSuchElementException;

import dev.pipeline.boot.actuate.PipelineRegistry;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.PipelineConfigurationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Applies a configuration message (Telluride's {@code BroadwayConfigConsumer}) such as
 * <pre class="code">
 * {"pipeline":"sensors","overrides":{"batchers.per-sensor.batch-size":50,"processors.default.concurrency":4}}
 * </pre> through {@link PipelineRegistry#restart(String, Map)}: the overrides are
 * validated like start-up settings, then the pipeline drains and starts again with them.
 * A message that cannot be applied is logged with the reason, and the pipeline keeps
 * running as it was. The broker profiles' listeners call {@link #apply(String)}; it never
 * throws, so a bad message is consumed once rather than redelivered forever.
 */
@Component
public class SensorReconfigurer {

	private static final Logger logger = LoggerFactory.getLogger(SensorReconfigurer.class);

	private final PipelineRegistry registry;

	private final JsonMapper jsonMapper;

	public SensorReconfigurer(PipelineRegistry registry, JsonMapper jsonMapper) {
		this.registry = registry;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Applies one configuration message. Blocks while the pipeline drains.
	 * @param json the message
	 * @return what happened
	 */
	public Outcome apply(String json) {
		ConfigMessage message;
		try {
			message = this.jsonMapper.readValue(json, ConfigMessage.class);
		}
		catch (JacksonException ex) {
			return refused(json, "it is not a JSON object with 'pipeline' and 'overrides': " + ex.getOriginalMessage());
		}
		if (message.pipeline() == null || message.overrides() == null || message.overrides().isEmpty()) {
			return refused(json, "it needs a 'pipeline' name and a non-empty 'overrides' object");
		}
		try {
			DrainResult drain = this.registry.restart(message.pipeline(), message.overrides());
			logger.info("Pipeline '{}' restarted with {}: drained in {} ms, {} messages released", message.pipeline(),
					message.overrides(), drain.took().toMillis(), drain.released());
			return new Outcome(true, "restarted");
		}
		catch (PipelineConfigurationException ex) {
			return refused(json, ex.reason() + " " + ex.action());
		}
		catch (NoSuchElementException ex) {
			return refused(json, ex.getMessage() + "; pipelines: "
					+ this.registry.pipelines().stream().map((pipeline) -> pipeline.name()).toList());
		}
		catch (RuntimeException ex) {
			return refused(json, ex.toString());
		}
	}

	private static Outcome refused(String json, String reason) {
		logger.warn("Configuration message {} not applied, the pipeline runs as before: {}", json, reason);
		return new Outcome(false, reason);
	}

	/**
	 * A configuration message.
	 *
	 * @param pipeline the pipeline to restart
	 * @param overrides its settings to change, keyed as {@code restart} overrides are
	 */
	record ConfigMessage(@Nullable String pipeline, @Nullable Map<String, Object> overrides) {
	}

	/**
	 * What became of a configuration message.
	 *
	 * @param applied whether the pipeline restarted with the overrides
	 * @param reason why not, or {@code restarted}
	 */
	public record Outcome(boolean applied, String reason) {
	}

}
