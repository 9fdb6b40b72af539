package dev.pipeline.boot.annotation;

/**
 * Data that does not fit the payload type a handler declares. Fails one message; the
 * reason becomes the message's failure reason.
 *
 * @since 0.1.0
 */
public class PayloadConversionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message the reason, a sentence
	 * @param cause the converter's error
	 */
	public PayloadConversionException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception.
	 * @param message the reason, a sentence
	 */
	public PayloadConversionException(String message) {
		super(message);
	}

}
