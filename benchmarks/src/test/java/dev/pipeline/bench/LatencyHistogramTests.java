package dev.pipeline.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class LatencyHistogramTests {

	@Test
	void whenValuesAreRecordedThenPercentilesAreNearestRankBucketFloors() {
		LatencyHistogram histogram = new LatencyHistogram();
		for (int micros = 1; micros <= 100; micros++) {
			histogram.record(micros * 1000L + 999);
		}
		assertThat(histogram.count()).isEqualTo(100);
		assertThat(histogram.percentileMicros(50)).isEqualTo(50);
		assertThat(histogram.percentileMicros(99)).isEqualTo(99);
		assertThat(histogram.percentileMicros(99.9)).isEqualTo(100);
		assertThat(histogram.percentileMicros(1)).isEqualTo(1);
		assertThat(histogram.maxMicros()).isEqualTo(100);
		assertThat(histogram.meanMicros()).isCloseTo(51.499, offset(1e-9));
	}

	@Test
	void whenAValueIsBeyondOneHundredMillisecondsThenItCountsInTheOverflowBucketWithItsExactMax() {
		LatencyHistogram histogram = new LatencyHistogram();
		histogram.record(250_000_000L, 3);
		histogram.record(5_000L);
		assertThat(histogram.percentileMicros(25)).isEqualTo(5);
		assertThat(histogram.percentileMicros(50)).isEqualTo(LatencyHistogram.MAX_MICROS);
		assertThat(histogram.maxMicros()).isEqualTo(250_000);
		assertThat(histogram.count()).isEqualTo(4);
	}

}
