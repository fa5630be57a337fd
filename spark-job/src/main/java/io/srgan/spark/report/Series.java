package io.srgan.spark.report;

import io.srgan.spark.run.RoundLine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One plotted line: x (optimizer step) and y, finite values only, at most {@link #MAX_POINTS} points.
 * Longer runs are drawn as means of consecutive rounds, as TensorBoard users expect a smoothed
 * curve rather than a solid band of noise.
 *
 * @param perPoint how many rounds each point averages (1: raw)
 * @param nonFinite how many values were NaN or infinite and left out
 * @param firstNonFiniteStep the step of the first of those, -1 if none
 */
record Series(String name, double[] x, double[] y, int perPoint, int nonFinite, long firstNonFiniteStep) {
    static final int MAX_POINTS = 1000;

    /** The values of {@code key} across {@code rounds}; rounds without it are passed over. */
    static Series of(String key, List<RoundLine> rounds) {
        List<double[]> points = new ArrayList<>();
        int nonFinite = 0;
        long firstBad = -1;
        for (RoundLine r : rounds) {
            Double v = r.values().get(key);
            if (v == null) continue;
            if (!Double.isFinite(v)) {
                if (nonFinite++ == 0) firstBad = r.step();
                continue;
            }
            points.add(new double[] {r.step(), v});
        }
        return fromPoints(key, points, nonFinite, firstBad);
    }

    static <T> Series of(String name, List<T> items, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
        List<double[]> points = new ArrayList<>();
        for (T item : items) {
            double v = y.applyAsDouble(item);
            if (Double.isFinite(v)) points.add(new double[] {x.applyAsDouble(item), v});
        }
        return fromPoints(name, points, 0, -1);
    }

    private static Series fromPoints(String name, List<double[]> points, int nonFinite, long firstBad) {
        int per = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
        int n = (points.size() + per - 1) / per;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            int from = i * per;
            int to = Math.min(points.size(), from + per);
            for (int j = from; j < to; j++) {
                xs[i] += points.get(j)[0];
                ys[i] += points.get(j)[1];
            }
            xs[i] /= to - from;
            ys[i] /= to - from;
        }
        return new Series(name, xs, ys, per, nonFinite, firstBad);
    }

    boolean isEmpty() { return x.length == 0; }

    double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : y) m = Math.min(m, v);
        return m;
    }

    double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : y) m = Math.max(m, v);
        return m;
    }
}
