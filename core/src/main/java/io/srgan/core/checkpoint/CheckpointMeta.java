package io.srgan.core.checkpoint;

import io.srgan.core.train.TrainConfig;
import java.util.Map;

/**
 * What {@code meta.json} holds beside {@code state.npz}: the format version, the resolved training
 * configuration, the counters of the state, metrics (e.g. validation PSNR) and provenance
 * (library versions, seed, data manifest hash, commit — whatever the writer knows).
 */
public record CheckpointMeta(int formatVersion, TrainConfig config, Map<String, Long> counters,
                             Map<String, Double> metrics, Map<String, String> provenance) {
    public static final int CURRENT_VERSION = 1;
}
