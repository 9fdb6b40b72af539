package dev.pipeline.boot.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.pipeline.boot.actuate.ActionResultDescriptor.DrainDescriptor;
import dev.pipeline.core.DrainResult;
import dev.pipeline.core.Pipeline;
import dev.pipeline.core.PipelineConfigurationException;
import dev.pipeline.core.RateLimit;
import dev.pipeline.core.SettingKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Carries out the operator actions of the {@code pipelines} endpoint and says how each
 * went, as an answer with an HTTP status, so the web extension and JMX read the same
 * outcome.
 */
final class PipelineActions {

	static final int OK = 200;

	static final int BAD_REQUEST = 400;

	static final int NOT_FOUND = 404;

	static final int CONFLICT = 409;

	private static final List<String> ACTIONS = List.of("pause", "resume", "drain", "start", "restart", "rate-limit");

	private static final String EXAMPLE = "Give overrides as a JSON object of keys relative to the pipeline, such as {\""
			+ SettingKeys.batcher("store", SettingKeys.BATCH_SIZE) + "\":50}.";

	private final PipelineRegistry registry;

	PipelineActions(PipelineRegistry registry) {
		this.registry = registry;
	}

	Outcome perform(String name, String action, @Nullable Object overrides, @Nullable Integer allowedMessages,
			@Nullable String interval) {
		Optional<Pipeline<?>> found = this.registry.find(name);
		if (found.isEmpty()) {
			return unknownPipeline(name);
		}
		Pipeline<?> pipeline = found.get();
		String normalised = PipelinesEndpoint.normalise(action);
		try {
			DrainResult drain = switch (normalised) {
				case "pause" -> {
					pipeline.pause();
					yield null;
				}
				case "resume" -> {
					pipeline.resume();
					yield null;
				}
				case "drain" -> pipeline.drain();
				case "start" -> {
					pipeline.start();
					yield null;
				}
				case "restart" -> this.registry.restart(name, parse(name, overrides));
				case "rate-limit" -> {
					pipeline.updateRateLimit(rateLimit(name, allowedMessages, interval));
					yield null;
				}
				default -> throw new UnknownAction();
			};
			return new Outcome(OK, new ActionResultDescriptor(name, normalised, pipeline.state(),
					(drain != null) ? DrainDescriptor.of(drain) : null), null);
		}
		catch (UnknownAction ex) {
			return error(BAD_REQUEST, name, "unknown-action",
					"Unknown action '" + action + "' for pipeline '" + name + "'.",
					"Use one of " + String.join(", ", ACTIONS) + ".", List.of());
		}
		catch (PipelineConfigurationException ex) {
			return error(BAD_REQUEST, name, "invalid-overrides", ex.reason(), ex.action(), ex.keys());
		}
		catch (InvalidRateLimit ex) {
			return error(BAD_REQUEST, name, "invalid-request", ex.getMessage(),
					"Give allowedMessages (1 or more) and interval (such as 1s).",
					List.of(SettingKeys.RATE_LIMIT_ALLOWED_MESSAGES, SettingKeys.RATE_LIMIT_INTERVAL));
		}
		catch (NoSuchElementException ex) {
			return unknownPipeline(name);
		}
		catch (IllegalStateException ex) {
			return error(CONFLICT, name, "conflict", ex.getMessage(), null, List.of());
		}
	}

	/**
	 * Reads restart overrides: a JSON object (over HTTP), or its text (over JMX, where
	 * arguments are text); for scripts written against earlier versions, text may also be
	 * {@code key=value} pairs separated by commas.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String name, @Nullable Object overrides) {
		if (overrides == null) {
			return Map.of();
		}
		if (overrides instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		String text = overrides.toString().trim();
		if (text.isEmpty()) {
			return Map.of();
		}
		if (text.startsWith("{")) {
			try {
				return JsonParserFactory.getJsonParser().parseMap(text);
			}
			catch (IllegalArgumentException ex) {
				throw PipelineConfigurationException.of(name, List.of(),
						"The overrides of pipeline '" + name + "' are not a JSON object: " + ex.getMessage(), EXAMPLE);
			}
		}
		Map<String, Object> parsed = new LinkedHashMap<>();
		for (String pair : text.split("[,\\n]")) {
			if (pair.isBlank()) {
				continue;
			}
			int equals = pair.indexOf('=');
			if (equals < 1) {
				throw PipelineConfigurationException.of(name, List.of(),
						"Invalid override '" + pair.trim() + "' for pipeline '" + name + "': must be key=value.",
						EXAMPLE);
			}
			parsed.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
		}
		return parsed;
	}

	private static RateLimit rateLimit(String name, @Nullable Integer allowedMessages, @Nullable String interval) {
		if (allowedMessages == null || interval == null) {
			throw new InvalidRateLimit(
					"Action 'rate-limit' for pipeline '" + name + "' needs both allowedMessages and interval.");
		}
		Duration every;
		try {
			every = DurationStyle.detectAndParse(interval.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRateLimit("Invalid value '" + interval + "' for '" + name + "."
					+ SettingKeys.RATE_LIMIT_INTERVAL + "': must be a duration such as 1s.");
		}
		try {
			return RateLimit.of(name, allowedMessages, every);
		}
		catch (PipelineConfigurationException ex) {
			throw new InvalidRateLimit(ex.reason());
		}
	}

	private Outcome unknownPipeline(String name) {
		List<String> names = this.registry.pipelines().stream().map(Pipeline::name).toList();
		return error(NOT_FOUND, name, "unknown-pipeline", "No pipeline named '" + name + "'.",
				"Use one of " + names + ".", List.of());
	}

	private static Outcome error(int status, String name, String error, @Nullable String reason,
			@Nullable String action, List<String> keys) {
		return new Outcome(status, null, new ErrorDescriptor(name, error,
				List.of((reason != null) ? reason : "The action failed."), action, keys));
	}

	/**
	 * How an action went.
	 *
	 * @param status the HTTP status that says it
	 * @param result what was done, when it succeeded
	 * @param error what was wrong, when it did not
	 */
	record Outcome(int status, @Nullable ActionResultDescriptor result, @Nullable ErrorDescriptor error) {

		@Nullable Object body() {
			return (this.result != null) ? this.result : this.error;
		}

	}

	private static final class UnknownAction extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnknownAction() {
			super(null, null, false, false);
		}

	}

	private static final class InvalidRateLimit extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidRateLimit(String message) {
			super(message, null, false, false);
		}

	}

}
