package io.srgan.spark.retrain;

import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.run.RunCheckpoints;
import java.io.IOException;
import java.net.URI;

/**
 * A checkpoint named by its run folder and step, on any Hadoop file system: how the retrain job and
 * a {@link CandidateTrainer} pass models to each other.
 *
 * @param runFolder the run folder holding {@code ckpt-<step>/}
 * @param step      the training step the checkpoint was taken after
 */
public record CheckpointRef(URI runFolder, long step) {

    /** Reads the checkpoint whole (meta and state), checking its manifest and CRC32Cs. */
    public RunCheckpoints.Loaded load(HadoopSettings settings) throws IOException {
        try (CheckpointStore store = CheckpointStore.open(runFolder, settings)) {
            return RunCheckpoints.load(store.find(step).orElseThrow(() -> new IOException(
                    "no complete checkpoint of step " + step + " in " + runFolder)));
        }
    }
}
