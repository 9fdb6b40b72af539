package dev.pipeline.core;

/**
 * Which threads a pipeline's stages run on.
 *
 * @since 0.1.0
 */
public enum ThreadMode {

	/** Platform threads, one per stage worker. */
	PLATFORM,

	/**
	 * Virtual threads, one per stage worker; needs Java 21 or later at run time. Suits
	 * handlers that block on I/O with high concurrency.
	 */
	VIRTUAL

}
