package dev.pipeline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Median, min and max of a figure over the measured runs, and how the report prints
 * rates.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the smallest
 * @param max the largest
 */
record Figures(double median, double min, double max) {

	/**
	 * Summarises one figure of several runs.
	 * @param runs the runs
	 * @param figure which figure
	 * @param <R> the type of a run's result
	 * @return median, min and max
	 */
	static <R> Figures of(List<R> runs, ToDoubleFunction<R> figure) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return new Figures(Double.NaN, Double.NaN, Double.NaN);
		}
		int mid = values.length / 2;
		double median = (values.length % 2 == 1) ? values[mid] : (values[mid - 1] + values[mid]) / 2;
		return new Figures(median, values[0], values[values.length - 1]);
	}

	/**
	 * @param values the values
	 * @return median, min and max
	 */
	static Figures of(double... values) {
		return of(Arrays.stream(values).boxed().toList(), Double::doubleValue);
	}

	/**
	 * @return for example {@code 4,812,000 (4,700,000–4,900,000)}
	 */
	String rates() {
		if (Double.isNaN(this.median)) {
			return "–";
		}
		return String.format("%,.0f (%,.0f–%,.0f)", this.median, this.min, this.max);
	}

	/**
	 * @param digits decimals
	 * @return the median with min and max, for example {@code 0.52 (0.50–0.61)}
	 */
	String plain(int digits) {
		String f = "%,." + digits + "f";
		return String.format(f + " (" + f + "–" + f + ")", this.median, this.min, this.max);
	}

}
