package dev.pipeline.bench.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerReportTests {

	@Test
	void whenBothSidesRanThenEachRowGivesItsCpuPerMessageInAllAndWithoutJitCompilingAgainstThePeer() {
		// 1,000 messages in 1 ms; client CPU 2 ms (of which the JIT compilers 1 ms) for
		// ours, 1 ms (none compiling) for bare
		List<Sample> samples = List.of(new Sample("ours", 1_000, 1_000_000, 1_000_000, 2_000_000, 1_000_000, -1, 1.0),
				new Sample("bare", 1_000, 1_000_000, 1_000_000, 1_000_000, 0, -1, 1.0));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		BrokerReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "test", samples, "bare");
		List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().filter((l) -> l.startsWith("|")).toList();

		assertThat(lines).hasSize(4);
		assertThat(lines).allSatisfy((line) -> assertThat(line.chars().filter((c) -> c == '|').count()).isEqualTo(14));
		assertThat(lines.get(0)).contains("| client CPU µs/msg | / bare | without JIT compiling | / bare |");
		assertThat(lines.get(2)).startsWith("| ours | 1 |")
			.contains("| 2.00 (2.00–2.00) | 2.00 | 1.00 (1.00–1.00) | 1.00 |");
		assertThat(lines.get(3)).startsWith("| bare | 1 |")
			.contains("| 1.00 (1.00–1.00) | 1.00 | 1.00 (1.00–1.00) | 1.00 |");
	}

	@Test
	void whenTheBrokerSwingsBetweenTwoModesThenEachSideIsComparedWithThePeersRunsOfTheSameMode() {
		// cheap rounds: broker 15-16 µs/msg; costly rounds: broker 45-50 µs/msg
		List<Sample> samples = List.of(run("ours", 50_000, 12, 16), run("ours", 20_000, 16, 45),
				run("bare", 60_000, 8, 15), run("bare", 20_000, 14, 50), run("bare", 22_000, 14, 48));

		assertThat(modeRows(samples)).containsExactly(
				"| 15.0–16.0 µs | ours | 1 | 50,000 (50,000–50,000) | 0.83 | 12.00 (12.00–12.00) | 1.50 | 16.00 (16.00–16.00) |",
				"| 15.0–16.0 µs | bare | 1 | 60,000 (60,000–60,000) | 1.00 | 8.00 (8.00–8.00) | 1.00 | 15.00 (15.00–15.00) |",
				"| 45.0–50.0 µs | ours | 1 | 20,000 (20,000–20,000) | 0.95 | 16.00 (16.00–16.00) | 1.14 | 45.00 (45.00–45.00) |",
				"| 45.0–50.0 µs | bare | 2 | 21,000 (20,000–22,000) | 1.00 | 14.00 (14.00–14.00) | 1.00 | 49.00 (48.00–50.00) |");
	}

	@Test
	void whenTheBrokerHasThreeModesThenTheMiddleOneIsNotMixedWithEitherOther() {
		// 7, 15-17 and 31-33 µs/msg: twice the least (14) would call both upper modes
		// one
		List<Sample> samples = List.of(run("ours", 150_000, 4, 7), run("bare", 160_000, 3, 7),
				run("ours", 60_000, 6, 16), run("bare", 65_000, 4, 15), run("bare", 66_000, 4, 17),
				run("ours", 30_000, 9, 33), run("bare", 32_000, 7, 31));

		assertThat(modeRows(samples)).extracting((row) -> String.join(" | ", Arrays.copyOf(row.split(" \\| "), 2)))
			.containsExactly("| 7.0–7.0 µs | ours", "| 7.0–7.0 µs | bare", "| 15.0–17.0 µs | ours",
					"| 15.0–17.0 µs | bare", "| 31.0–33.0 µs | ours", "| 31.0–33.0 µs | bare");
		assertThat(modeRows(samples).get(2)).contains("| 60,000 (60,000–60,000) | 0.92 | 6.00 (6.00–6.00) | 1.50 |");
	}

	private static List<String> modeRows(List<Sample> samples) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		BrokerReport.printByBrokerMode(new PrintStream(bytes, true, StandardCharsets.UTF_8), samples, "bare");
		return bytes.toString(StandardCharsets.UTF_8).lines().filter((l) -> l.matches("\\| [0-9].*")).toList();
	}

	/**
	 * A run of 1,000 messages at a rate, with the client's and the broker's CPU per
	 * message.
	 */
	private static Sample run(String side, long rate, long clientMicros, long brokerMicros) {
		long wall = 1_000L * 1_000_000_000L / rate;
		return new Sample(side, 1_000, wall, wall, clientMicros * 1_000_000, 0, brokerMicros * 1_000_000, 1.0);
	}

}
