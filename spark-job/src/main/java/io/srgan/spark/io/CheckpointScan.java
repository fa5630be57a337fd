package io.srgan.spark.io;

import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * What a run folder holds, each list in ascending step order.
 *
 * @param complete    checkpoints to trust
 * @param rejected    checkpoint folders that are not complete, with the reason
 * @param temporaries {@code _tmp-*} entries left by writers (in progress or crashed)
 */
public record CheckpointScan(List<Checkpoint> complete, List<RejectedCheckpoint> rejected, List<Path> temporaries) {
    public CheckpointScan {
        complete = List.copyOf(complete);
        rejected = List.copyOf(rejected);
        temporaries = List.copyOf(temporaries);
    }

    /** The highest step among complete checkpoints, or -1 if there is none. */
    public long newestCompleteStep() {
        return complete.isEmpty() ? -1 : complete.get(complete.size() - 1).step();
    }
}
