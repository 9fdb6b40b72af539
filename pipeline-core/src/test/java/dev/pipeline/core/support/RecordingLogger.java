package dev.pipeline.core.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that keeps what it is given, at every level, for tests to read. */
public final class RecordingLogger extends LegacyAbstractLogger {

	private static final long serialVersionUID = 1L;

	private final transient List<Entry> entries = new CopyOnWriteArrayList<>();

	public RecordingLogger() {
		this.name = "recording";
	}

	public List<Entry> entries() {
		return this.entries;
	}

	public List<Entry> at(Level level) {
		return this.entries.stream().filter((entry) -> entry.level() == level).toList();
	}

	@Override
	protected String getFullyQualifiedCallerName() {
		return null;
	}

	@Override
	protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
			Throwable throwable) {
		this.entries.add(new Entry(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable));
	}

	@Override
	public boolean isTraceEnabled() {
		return true;
	}

	@Override
	public boolean isDebugEnabled() {
		return true;
	}

	@Override
	public boolean isInfoEnabled() {
		return true;
	}

	@Override
	public boolean isWarnEnabled() {
		return true;
	}

	@Override
	public boolean isErrorEnabled() {
		return true;
	}

	/**
	 * One call.
	 *
	 * @param level its level
	 * @param text the message, formatted
	 * @param throwable what was logged with it
	 */
	public record Entry(Level level, String text, Throwable throwable) {
	}

}
