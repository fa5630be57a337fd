package io.srgan.spark.io;

import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * What {@link CheckpointStore#prune} did.
 *
 * @param keptRounds rounds of the complete checkpoints kept, ascending
 * @param deleted    every checkpoint folder and temporary deleted
 */
public record PruneResult(List<Long> keptRounds, List<Path> deleted) {
    public PruneResult {
        keptRounds = List.copyOf(keptRounds);
        deleted = List.copyOf(deleted);
    }
}
