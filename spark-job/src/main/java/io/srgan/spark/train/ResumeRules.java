package io.srgan.spark.train;

import java.util.Map;
import java.util.Optional;

/**
 * Which settings a resumed run may change, in one list. A setting listed here does not change the
 * state the continued run computes (or changes it only as intended, as a new length does), so a
 * resume that changes it goes on with a note. A setting not listed breaks exact resume: the
 * continued run would not be the run the checkpoint began, so a resume that changes it is refused
 * unless {@code --resume-changed} is given. A setting added later is therefore refused on change
 * until it is classified here.
 */
final class ResumeRules {
    /** Setting (or a prefix of settings: {@code hadoop} covers {@code hadoop.*}) → why changing it is safe. */
    private static final Map<String, String> SAFE = Map.ofEntries(
            Map.entry("train.steps", "the run ends at the new step count; the learning-rate schedule follows the new length"
                    + " from here on"),
            Map.entry("log-every", "console and log cadence only"),
            Map.entry("validation.every", "validation cadence only"),
            Map.entry("validation.precision", "validation arithmetic only; bf16 scores differ from fp32's by thousandths of a dB"),
            Map.entry("validation.hr", "validation only; scores before and after the change are on different images"),
            Map.entry("checkpoint.every", "checkpoint cadence only"),
            Map.entry("checkpoint.keep-last", "retention only"),
            Map.entry("checkpoint.auto-resume", "how a run starts, not what it computes"),
            Map.entry("output", "where the run is written"),
            Map.entry("hadoop", "storage client settings"),
            Map.entry("retrain", "read by srgan retrain only"),
            Map.entry("cluster.reducers", "how the averaging is spread over executors; the average is the same"),
            Map.entry("cluster.slice-size", "how the exchanged tensors are cut for averaging; the average is the same"),
            Map.entry("train.on-divergence", "what happens after a diverged round only (e.g. resuming a stopped run with halve-lr)"),
            Map.entry("train.divergence-limit", "what happens after a diverged round only"),
            Map.entry("train.init-from", "read when a run starts from step 0 only"),
            Map.entry("train.init-checkpoint", "read when a run starts from step 0 only"),
            Map.entry("train.init-discriminator", "read when a run starts from step 0 only"));

    /**
     * Settings added after runs began whose default changes what such a run computes: what was in
     * effect before the setting existed, for runs where it matters (a run with degradations). A
     * checkpoint that did not record one is compared with this instead of the default.
     */
    private static final Map<String, String> BEFORE_IT_EXISTED = Map.of(
            "degradation.crop-pad-size", "(each patch degraded by itself)",
            "degradation.usm.enabled", "false");

    private ResumeRules() {}

    /** The value in effect for {@code key} in a run whose checkpoint did not record it, if not its default. */
    static Optional<String> beforeItExisted(String key, Map<String, String> recorded) {
        if (!"true".equals(recorded.get("degradation.enabled"))) return Optional.empty();
        return Optional.ofNullable(BEFORE_IT_EXISTED.get(key));
    }

    /** Why changing {@code key} keeps a resume exact, or empty when it breaks it. */
    static Optional<String> safeBecause(String key) {
        for (String k = key; !k.isEmpty(); k = parent(k)) {
            String why = SAFE.get(k);
            if (why != null) return Optional.of(why);
        }
        return Optional.empty();
    }

    private static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }
}
