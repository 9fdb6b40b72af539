package dev.pipeline.boot.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.DocumentContext;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a pipeline's figures from {@code GET /actuator/pipelines/{name}} and from a
 * Prometheus scrape, for tests that check they add up and agree.
 */
public final class Figures {

	private final DocumentContext json;

	private Figures(DocumentContext json) {
		this.json = json;
	}

	/**
	 * Reads the pipeline's figures.
	 * @param http the application
	 * @param pipeline the pipeline's name
	 * @return the figures
	 */
	public static Figures of(Http http, String pipeline) {
		Http.Answer answer = http.get("/actuator/pipelines/" + pipeline);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return new Figures(answer.json());
	}

	public long total() {
		return read("$.summary.inFlight");
	}

	public long buffered() {
		return read("$.source.buffered");
	}

	public @Nullable Map<String, Object> broker() {
		return this.json.read("$.source.broker");
	}

	/**
	 * @return the source's buffer plus, over the other stages, queued, in flight and open
	 * batch messages
	 */
	public long sum() {
		long sum = buffered();
		for (Map<String, Object> stage : stages()) {
			if (!"PRODUCER".equals(stage.get("kind"))) {
				sum += number(stage.get("queued")) + number(stage.get("inFlight"));
			}
			Map<String, Object> open = openBatches(stage);
			if (open != null) {
				sum += number(open.get("messages"));
			}
		}
		return sum;
	}

	/**
	 * Returns one figure of the first stage of a kind.
	 * @param kind the stage's kind
	 * @param field the figure
	 * @return its value
	 */
	public long stage(String kind, String field) {
		return number(stageOf(kind).get(field));
	}

	/**
	 * Returns one figure of the first batcher's open batches.
	 * @param field {@code messages}, {@code keys} or {@code oldestAgeMillis}
	 * @return its value
	 */
	public long open(String field) {
		Map<String, Object> open = openBatches(stageOf("BATCHER"));
		assertThat(open).as("openBatches of the batcher").isNotNull();
		return number(open.get(field));
	}

	/**
	 * @return the figures that stay put while nothing moves: the total, the buffer, and
	 * each stage's counts
	 */
	public String settled() {
		List<Object> parts = new ArrayList<>();
		parts.add(total());
		parts.add(buffered());
		for (Map<String, Object> stage : stages()) {
			parts.add(List.of(stage.get("in"), stage.get("out"), stage.get("queued"), stage.get("inFlight")));
			Map<String, Object> open = openBatches(stage);
			if (open != null) {
				parts.add(List.of(open.get("messages"), open.get("keys")));
			}
		}
		return parts.toString();
	}

	private List<Map<String, Object>> stages() {
		return this.json.read("$.stages");
	}

	private Map<String, Object> stageOf(String kind) {
		return stages().stream()
			.filter((stage) -> kind.equals(stage.get("kind")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " stage in " + this.json.jsonString()));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, Object> openBatches(Map<String, Object> stage) {
		return (Map<String, Object>) stage.get("openBatches");
	}

	private long read(String path) {
		Object value = this.json.read(path);
		return number(value);
	}

	private static long number(@Nullable Object value) {
		assertThat(value).isInstanceOf(Number.class);
		return ((Number) value).longValue();
	}

	@Override
	public String toString() {
		return this.json.jsonString();
	}

	/**
	 * Reads one sample of a Prometheus text scrape.
	 * @param scrape the scrape
	 * @param name the sample's name
	 * @param tags the labels it must have (exactly these)
	 * @return its value
	 */
	public static double sample(String scrape, String name, Map<String, String> tags) {
		Optional<Double> found = Arrays.stream(scrape.split("\n"))
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> labels(line).equals(tags))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]))
			.findFirst();
		assertThat(found).as(name + tags + " in\n" + scrape).isPresent();
		return found.get();
	}

	private static Map<String, String> labels(String line) {
		String inside = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
		Map<String, String> labels = new HashMap<>();
		for (String pair : inside.split(",")) {
			if (!pair.isBlank()) {
				int equals = pair.indexOf('=');
				labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 2, pair.length() - 1));
			}
		}
		return labels;
	}

}
