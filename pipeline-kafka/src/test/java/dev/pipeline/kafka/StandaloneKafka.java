package dev.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker running as its own process, through {@code scripts/kafka-broker.sh}.
 * {@link #shared()} uses the broker CI started ({@code PIPELINE_KAFKA_BOOTSTRAP} or the
 * system property {@code pipeline.kafka.bootstrap}) and starts one when there is none;
 * {@link #own(String)} always starts a broker of its own, which a test may stop and
 * start.
 */
final class StandaloneKafka implements AutoCloseable {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private final Path stateDir;

	private final boolean owned;

	private String bootstrap;

	private StandaloneKafka(Path stateDir, boolean owned, String bootstrap) {
		this.stateDir = stateDir;
		this.owned = owned;
		this.bootstrap = bootstrap;
	}

	static StandaloneKafka shared() {
		String bootstrap = System.getProperty("pipeline.kafka.bootstrap", System.getenv("PIPELINE_KAFKA_BOOTSTRAP"));
		if (bootstrap != null && !bootstrap.isBlank()) {
			return new StandaloneKafka(null, false, bootstrap);
		}
		return own("shared");
	}

	static StandaloneKafka own(String name) {
		Path stateDir = ROOT.resolve("pipeline-spring-boot-autoconfigure/target/kafka-" + name);
		StandaloneKafka kafka = new StandaloneKafka(stateDir, true, "");
		kafka.bootstrap = kafka.script("start");
		return kafka;
	}

	String bootstrap() {
		return this.bootstrap;
	}

	/** Stops the broker process and keeps its data. */
	void stopKeepingData() {
		script("stop", "--keep");
	}

	/** Starts the broker again over its kept data, on the same port. */
	void restart() {
		this.bootstrap = script("start", "--keep");
	}

	@Override
	public void close() {
		if (this.owned) {
			script("stop");
		}
	}

	private String script(String... args) {
		if (!this.owned) {
			throw new IllegalStateException("The shared broker is not this test's to stop or start");
		}
		try {
			Path out = Files.createTempFile("kafka-broker", ".out");
			List<String> command = new java.util.ArrayList<>(
					List.of(ROOT.resolve("scripts/kafka-broker.sh").toString()));
			command.addAll(List.of(args));
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT);
			builder.environment().put("KAFKA_STATE_DIR", this.stateDir.toString());
			builder.environment().remove("KAFKA_PORT");
			Process process = builder.start();
			if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("scripts/kafka-broker.sh " + String.join(" ", args) + " failed");
			}
			List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
			Files.delete(out);
			return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
