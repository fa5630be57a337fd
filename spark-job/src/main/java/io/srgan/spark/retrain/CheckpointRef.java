package io.srgan.spark.retrain;

import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.train.RunCheckpoints;
import java.io.IOException;
import java.net.URI;

/**
 * A checkpoint named by its run folder and round, on any Hadoop file system: how the retrain job and
 * a {@link CandidateTrainer} pass models to each other.
 *
 * @param runFolder the run folder holding {@code ckpt-<round>/}
 * @param round     the checkpoint's round (the training step for the local job)
 */
public record CheckpointRef(URI runFolder, long round) {

    /** Reads the checkpoint whole (meta and state), checking its manifest and CRC32Cs. */
    public RunCheckpoints.Loaded load(HadoopSettings settings) throws IOException {
        try (CheckpointStore store = CheckpointStore.open(runFolder, settings)) {
            return RunCheckpoints.load(store.find(round).orElseThrow(() -> new IOException(
                    "no complete checkpoint of round " + round + " in " + runFolder)));
        }
    }
}
