package io.srgan.spark.io;

import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * What {@link CheckpointStore#prune} did.
 *
 * @param keptSteps steps of the complete checkpoints kept, ascending
 * @param deleted    every checkpoint folder and temporary deleted
 */
public record PruneResult(List<Long> keptSteps, List<Path> deleted) {
    public PruneResult {
        keptSteps = List.copyOf(keptSteps);
        deleted = List.copyOf(deleted);
    }
}
