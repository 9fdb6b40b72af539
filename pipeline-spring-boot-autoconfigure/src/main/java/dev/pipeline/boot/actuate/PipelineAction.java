package dev.pipeline.boot.actuate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The actions of {@code POST /actuator/pipelines/{name}}, by their id in the request
 * body. {@link #DRAIN} and {@link #RESTART} take as long as the drain does, so they run
 * in the background and answer {@code 202 Accepted} with an {@link OperationDescriptor};
 * the others are done when they answer {@code 200}.
 *
 * @since 0.2.0
 */
public enum PipelineAction {

	/** Stops fetching; what was fetched is still processed and acknowledged. */
	PAUSE("pause", false),

	/** Fetches again after {@link #PAUSE}. */
	RESUME("resume", false),

	/** Processes and acknowledges everything fetched, then stops. */
	DRAIN("drain", true),

	/** Starts a drained pipeline. */
	START("start", false),

	/** Drains, then starts again with the settings changed by the overrides. */
	RESTART("restart", true),

	/** Changes the producers' rate limit. */
	RATE_LIMIT("rate-limit", false);

	private final String id;

	private final boolean background;

	PipelineAction(String id, boolean background) {
		this.id = id;
		this.background = background;
	}

	/**
	 * Returns the action's id, as written in a request: {@code rate-limit}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns whether the action runs in the background as an operation.
	 * @return {@code true} for {@link #DRAIN} and {@link #RESTART}
	 */
	public boolean runsInBackground() {
		return this.background;
	}

	/**
	 * Finds an action by its id, ignoring case and surrounding blanks, with {@code _}
	 * read as {@code -} ({@code RATE_LIMIT}, {@code Rate-Limit} and {@code rate-limit}
	 * are the same).
	 * @param text the action as written
	 * @return the action, or empty when there is none by that id
	 */
	public static Optional<PipelineAction> of(String text) {
		String id = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		return Arrays.stream(values()).filter((action) -> action.id.equals(id)).findFirst();
	}

	/**
	 * Returns every action's id, for an error message.
	 * @return {@code pause, resume, drain, start, restart, rate-limit}
	 */
	public static String ids() {
		return Arrays.stream(values()).map(PipelineAction::id).collect(Collectors.joining(", "));
	}

}
