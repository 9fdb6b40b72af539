package dev.pipeline.testbrokers;

/**
 * A broker a test asks {@link TestBrokers} for.
 */
public enum Broker {

	/**
	 * RabbitMQ: the container {@code rabbitmq:4-management}, or 127.0.0.1:5672
	 * guest/guest.
	 */
	RABBITMQ("RabbitMQ", "rabbitmq:4-management"),

	/**
	 * Kafka: the container {@code apache/kafka:4.1.0}, or
	 * {@code PIPELINE_KAFKA_BOOTSTRAP}, or a KRaft broker the tests start.
	 */
	KAFKA("Kafka", "apache/kafka:4.1.0");

	private final String title;

	private final String image;

	Broker(String title, String image) {
		this.title = title;
		this.image = image;
	}

	/**
	 * @return the broker's name, for the test output
	 */
	public String title() {
		return this.title;
	}

	/**
	 * @return the Docker image of its container
	 */
	public String image() {
		return this.image;
	}

}
