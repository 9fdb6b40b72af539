package dev.pipeline.boot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

import dev.pipeline.boot.actuate.ActionResultDescriptor.DrainDescriptor;
import dev.pipeline.boot.actuate.OperationDescriptor.ResultDescriptor;
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
 * outcome. {@code drain} and {@code restart} are checked here (the pipeline, the action,
 * the overrides, no other operation under way), then run in the background through
 * {@link PipelineOperations}.
 */
final class PipelineActions {

	static final int OK = 200;

	static final int ACCEPTED = 202;

	static final int BAD_REQUEST = 400;

	static final int NOT_FOUND = 404;

	static final int CONFLICT = 409;

	private static final String EXAMPLE = "Give overrides as a JSON object of keys relative to the pipeline, such as {\""
			+ SettingKeys.batcher("store", SettingKeys.BATCH_SIZE) + "\":50}.";

	private final PipelineRegistry registry;

	private final PipelineOperations operations;

	private final Clock clock;

	PipelineActions(PipelineRegistry registry, PipelineOperations operations, Clock clock) {
		this.registry = registry;
		this.operations = operations;
		this.clock = clock;
	}

	Outcome perform(String name, String actionText, @Nullable Object overrides, @Nullable Integer allowedMessages,
			@Nullable String interval) {
		Optional<Pipeline<?>> found = this.registry.find(name);
		if (found.isEmpty()) {
			return unknownPipeline(name);
		}
		Pipeline<?> pipeline = found.get();
		Optional<PipelineAction> known = PipelineAction.of(actionText);
		if (known.isEmpty()) {
			return error(BAD_REQUEST, name, "unknown-action",
					"Unknown action '" + actionText + "' for pipeline '" + name + "'.",
					"Use one of " + PipelineAction.ids() + ".", List.of());
		}
		PipelineAction action = known.get();
		try {
			PipelineOperations.Operation running = this.operations.running(name);
			if (running != null) {
				throw new PipelineOperations.Busy(running);
			}
			if (action.runsInBackground()) {
				return background(pipeline, action, overrides);
			}
			switch (action) {
				case PAUSE -> pipeline.pause();
				case RESUME -> pipeline.resume();
				case START -> pipeline.start();
				case RATE_LIMIT -> pipeline.updateRateLimit(rateLimit(name, allowedMessages, interval));
				default -> throw new IllegalStateException("Unexpected action " + action);
			}
			return new Outcome(OK, new ActionResultDescriptor(name, action.id(), pipeline.state(), null));
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
		catch (PipelineOperations.Busy ex) {
			return error(CONFLICT, name, "operation-in-progress", ex.getMessage(),
					"Wait for it: GET the pipeline's operations/" + ex.running().id + "?wait=30s.", List.of());
		}
		catch (IllegalStateException ex) {
			return error(CONFLICT, name, "conflict", ex.getMessage(), null, List.of());
		}
	}

	/**
	 * Checks a drain or restart, then starts it: the overrides are validated before the
	 * pipeline is reserved for the operation, so a 400 leaves nothing behind (a request
	 * racing another one for the same pipeline may be refused with 409 only after its
	 * overrides were validated).
	 */
	private Outcome background(Pipeline<?> pipeline, PipelineAction action, @Nullable Object overrides) {
		String name = pipeline.name();
		Supplier<DrainResult> work;
		if (action == PipelineAction.RESTART) {
			Map<String, Object> parsed = parse(name, overrides);
			PipelineRegistry.PreparedRestart restart = this.registry.prepareRestart(name, parsed);
			work = restart::run;
		}
		else {
			work = pipeline::drain;
		}
		PipelineOperations.Operation operation = this.operations.begin(pipeline, action);
		this.operations.start(operation, () -> {
			DrainResult drain = work.get();
			Map<String, Object> configuration = (action == PipelineAction.RESTART)
					? this.registry.effectiveConfiguration(name).orElse(null) : null;
			return new ResultDescriptor(pipeline.state(), DrainDescriptor.of(drain), configuration);
		}, (ex) -> failure(name, ex));
		return new Outcome(ACCEPTED, operation.describe(this.clock));
	}

	private static ErrorDescriptor failure(String name, Throwable ex) {
		if (ex instanceof PipelineConfigurationException invalid) {
			return new ErrorDescriptor(name, "invalid-overrides", List.of(invalid.reason()), invalid.action(),
					invalid.keys());
		}
		String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new ErrorDescriptor(name, "failed", List.of(reason),
				"See the application's log for the cause, then start the pipeline again.", List.of());
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
		return new Outcome(status, new ErrorDescriptor(name, error,
				List.of((reason != null) ? reason : "The action failed."), action, keys));
	}

	/**
	 * How an action went.
	 *
	 * @param status the HTTP status that says it
	 * @param body an {@link ActionResultDescriptor} (200), an {@link OperationDescriptor}
	 * (202) or an {@link ErrorDescriptor}
	 */
	record Outcome(int status, Object body) {

		@Nullable ErrorDescriptor error() {
			return (this.body instanceof ErrorDescriptor error) ? error : null;
		}

	}

	private static final class InvalidRateLimit extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidRateLimit(String message) {
			super(message, null, false, false);
		}

	}

}
