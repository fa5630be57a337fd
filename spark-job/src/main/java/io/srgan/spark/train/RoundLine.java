package io.srgan.spark.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** A round's line in {@code metrics.jsonl}: counters, mean losses and D outputs, last learning rates, throughput, time split. */
final class RoundLine {
    private RoundLine() {}

    static Map<String, Object> of(long round, long step, String phase, int partitions, RoundRunner.Outcome o) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "round");
        line.put("round", round);
        line.put("step", step);
        line.put("phase", phase);
        line.put("time", System.currentTimeMillis() / 1000.0);
        line.put("partitions", partitions);
        line.put("samples", o.sums().samples());
        line.put("executors", o.sums().executors().size());
        o.sums().meanMetrics().forEach((k, v) -> {
            if (!k.startsWith("lr_")) line.put(k, v);
        });
        o.sums().lastMetrics().forEach((k, v) -> {
            if (k.startsWith("lr_")) line.put(k, v);
        });
        line.put("samples_per_s", o.sums().samples() / o.roundSeconds());
        line.put("round_s", o.roundSeconds());
        line.put("compute_s", o.computeSeconds());
        line.put("averaging_s", o.averagingSeconds());
        line.put("broadcast_s", o.broadcastSeconds());
        if (o.sums().optimizerFallbacks() > 0) line.put("optimizer_fallbacks", o.sums().optimizerFallbacks());
        return line;
    }
}
