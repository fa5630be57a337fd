package io.srgan.spark.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lines of a run's metrics log ({@link MetricsFiles}): one JSON object per line, each with a
 * {@value #KIND}. Every kind and key is spelled here, in the records of the kinds read back
 * ({@link RoundLine}, {@link ValidationLine}) or, for a round's values, in {@link RoundMetrics}; the
 * training job writes by them and {@link MetricsLog} reads by them. A line without a kind is a
 * per-step line of the single-machine job (core's {@code LocalTrainingLoop}), read as a round of one
 * step. Field order and number types are part of the format: scripts and old reports read these files.
 */
public final class MetricsLines {
    private MetricsLines() {}

    public static final String KIND = "kind";
    public static final String STEP = "step";
    public static final String ROUND = "round";

    /** A line's {@value #KIND}, written as its lower-case name. */
    public enum Kind {
        /** A round's losses, D outputs, learning rates, throughput, time split and traffic: {@link RoundLine}. */
        ROUND,
        /** PSNR/SSIM of the deployable generator: {@link ValidationLine}. */
        VALIDATION,
        /** Why a validation gave no score (the run and its checkpoint went on). */
        VALIDATION_FAILED,
        /** What the shards hold, what was skipped and why. */
        DATA,
        /** Images a re-decoded shard lost. */
        DATA_LOSS,
        /** A rolled-back round and what the run did about it. */
        DIVERGENCE,
        /** The checkpoint a run continued from, damaged ones passed over, settings changed. */
        RESUME,
        /** The checkpoint {@code train.init-from} started the networks from. */
        INIT;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        /** The kind written as {@code label}, or empty for a kind this build does not know. */
        public static Optional<Kind> of(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) return Optional.of(k);
            }
            return Optional.empty();
        }
    }

    /** A new line of {@code kind}, its kind first; the caller adds the fields in order. */
    static Map<String, Object> start(Kind kind) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(KIND, kind.label());
        return line;
    }

    /** @param error what failed, as the exception said */
    public static Map<String, Object> validationFailed(long step, long round, String error) {
        Map<String, Object> line = start(Kind.VALIDATION_FAILED);
        line.put(STEP, step);
        line.put(ROUND, round);
        line.put("error", error);
        return line;
    }

    /**
     * @param skippedByReason  skipped files by reason label ({@code unpaired}, {@code corrupt}, ...)
     * @param pairsPerPartition usable pairs of each partition, in partition order
     * @param problems         the skipped files as messages (the caller caps how many)
     */
    public static Map<String, Object> data(long step, int epoch, int pairs, int skipped, Map<String, Integer> skippedByReason,
                                           int partitions, List<Integer> pairsPerPartition, List<String> problems) {
        Map<String, Object> line = start(Kind.DATA);
        line.put(STEP, step);
        line.put("epoch", epoch);
        line.put("pairs", pairs);
        line.put("skipped", skipped);
        line.put("skipped_by_reason", skippedByReason);
        line.put("partitions", partitions);
        line.put("pairs_per_partition", pairsPerPartition);
        line.put("problems", problems);
        return line;
    }

    /** @param problems why the lost images did not decode (the caller caps how many) */
    public static Map<String, Object> dataLoss(long round, int partition, String executor, int pairs, int expectedPairs,
                                               List<String> problems) {
        Map<String, Object> line = start(Kind.DATA_LOSS);
        line.put(ROUND, round);
        line.put("partition", partition);
        line.put("executor", executor);
        line.put("pairs", pairs);
        line.put("expected_pairs", expectedPairs);
        line.put("problems", problems);
        return line;
    }

    /**
     * @param step     the step the run rolled back to
     * @param steps    the rolled-back round's length
     * @param action   {@code train.on-divergence}'s value, or {@code stop} past the limit
     * @param lrFactor the learning-rate factor from now on
     * @param what     what diverged (the caller caps how many)
     */
    public static Map<String, Object> divergence(long round, long step, int steps, String action, long rollbacks, double lrFactor,
                                                 List<String> what) {
        Map<String, Object> line = start(Kind.DIVERGENCE);
        line.put(ROUND, round);
        line.put(STEP, step);
        line.put("steps", steps);
        line.put("action", action);
        line.put("rollbacks", rollbacks);
        line.put("lr_factor", lrFactor);
        line.put("what", what);
        return line;
    }

    /**
     * @param passedOver      damaged newer checkpoints: {@code checkpoint}, {@code reason}, {@code moved_to}
     * @param changedSettings settings that differ from the checkpoint's: {@code key}, {@code checkpoint},
     *                        {@code now}, {@code exact}
     */
    public static Map<String, Object> resume(long step, String checkpoint, List<Map<String, String>> passedOver,
                                             List<Map<String, Object>> changedSettings) {
        Map<String, Object> line = start(Kind.RESUME);
        line.put(STEP, step);
        line.put("checkpoint", checkpoint);
        line.put("passed_over", passedOver);
        line.put("changed_settings", changedSettings);
        return line;
    }

    /** @param generatorWeights {@code ema} or {@code raw}: which of the source's weights G started from */
    public static Map<String, Object> init(String checkpoint, String generatorWeights, boolean discriminator) {
        Map<String, Object> line = start(Kind.INIT);
        line.put("checkpoint", checkpoint);
        line.put("generator_weights", generatorWeights);
        line.put("discriminator", discriminator);
        return line;
    }
}
