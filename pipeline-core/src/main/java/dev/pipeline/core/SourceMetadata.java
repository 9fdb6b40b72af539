package dev.pipeline.core;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A source's metadata as a read-only view over what it received (a record, an envelope):
 * each entry is read when asked, so a source attaches its metadata without building a map
 * per message. {@link Message#of(Object, Map, Acknowledger, Object)} keeps such a map as
 * it is, where it copies any other.
 *
 * <p>
 * A subclass names its keys and answers {@link #get}; an entry whose value is
 * {@code null} is absent. The view refuses every change and must return the same entries
 * for the life of the message. Iteration builds the entries once, on first use.
 *
 * @since 0.1.0
 */
public abstract class SourceMetadata extends AbstractMap<String, Object> {

	private final String[] keys;

	private volatile @Nullable Map<String, Object> entries;

	/**
	 * @param keys every key the view may hold, in iteration order; share one array
	 * between instances
	 */
	protected SourceMetadata(String[] keys) {
		this.keys = keys;
	}

	/**
	 * Reads one entry.
	 * @param key the key
	 * @return its value, or {@code null} when the message has none
	 */
	@Override
	public abstract @Nullable Object get(Object key);

	@Override
	public boolean containsKey(Object key) {
		return get(key) != null;
	}

	@Override
	public Set<Entry<String, Object>> entrySet() {
		Map<String, Object> all = this.entries;
		if (all == null) {
			Map<String, Object> built = new LinkedHashMap<>();
			for (String key : this.keys) {
				Object value = get(key);
				if (value != null) {
					built.put(key, value);
				}
			}
			all = Collections.unmodifiableMap(built);
			this.entries = all;
		}
		return all.entrySet();
	}

}
