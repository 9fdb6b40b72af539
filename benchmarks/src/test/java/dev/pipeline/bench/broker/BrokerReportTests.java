package dev.pipeline.bench.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

}
