package dev.pipeline.core;

/**
 * Marks a metadata map that is unmodifiable and never changes, such as a read-only view a
 * source keeps over the record it received.
 * {@link Message#of(Object, java.util.Map, Acknowledger, Object)} keeps such a map as it
 * is, where it copies any other, so a source can attach its metadata without building a
 * map per message.
 *
 * <p>
 * Implementations must refuse every change ({@link java.util.AbstractMap} does) and must
 * return the same entries for the life of the message.
 *
 * @since 0.1.0
 */
public interface SourceMetadata {

}
