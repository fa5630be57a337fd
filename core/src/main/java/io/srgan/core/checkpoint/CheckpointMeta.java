package io.srgan.core.checkpoint;

import io.srgan.core.train.TrainConfig;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code meta.json} holds beside {@code state.npz}: the format version, the resolved training
 * configuration, the counters of the state, metrics (e.g. validation PSNR) and provenance
 * (library versions, seed, data manifest hash, commit — whatever the writer knows).
 *
 * @param settings          every setting of the job that wrote it, flattened ({@code train.batch} →
 *                          {@code 16}, values as rendered), so that a resumed run can list what it
 *                          changed; empty when the writer did not record them (older checkpoints)
 * @param validationFailure why validation failed at this checkpoint (then {@code metrics} has no
 *                          score), or null
 */
public record CheckpointMeta(int formatVersion, TrainConfig config, Map<String, Long> counters,
                             Map<String, Double> metrics, Map<String, String> provenance,
                             Map<String, String> settings, String validationFailure) {
    public static final int CURRENT_VERSION = 1;

    public CheckpointMeta {
        settings = settings == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    /** Without recorded settings and with no validation failure. */
    public CheckpointMeta(int formatVersion, TrainConfig config, Map<String, Long> counters, Map<String, Double> metrics,
                          Map<String, String> provenance) {
        this(formatVersion, config, counters, metrics, provenance, Map.of(), null);
    }
}
