package io.srgan.spark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy} and clears what crashed writers left. Relies on the run folder
 * having one writer that commits steps in increasing order and prunes between commits: then a
 * leftover at or below the newest complete step can belong to no writer still at work.
 */
final class CheckpointPruner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPruner.class);

    private final FileSystem fs;

    CheckpointPruner(FileSystem fs) {
        this.fs = fs;
    }

    PruneResult prune(CheckpointScan scan, RetentionPolicy policy) throws IOException {
        List<Checkpoint> complete = scan.complete();
        TreeSet<Long> keep = new TreeSet<>();
        complete.subList(Math.max(0, complete.size() - policy.keepLast()), complete.size())
                .forEach(c -> keep.add(c.step()));
        complete.stream().filter(c -> policy.pinned().contains(c.step())).forEach(c -> keep.add(c.step()));
        if (policy.bestMetric() != null) {
            policy.bestGoal().best(complete, policy.bestMetric()).ifPresent(c -> keep.add(c.step()));
        }
        long newest = scan.newestCompleteStep();
        List<Path> deleted = new ArrayList<>();
        for (Checkpoint c : complete) {
            if (!keep.contains(c.step())) {
                // Manifest first: if this stops half-way, what remains is incomplete, not a damaged checkpoint.
                fs.delete(new Path(c.path(), CheckpointNames.MANIFEST), false);
                delete(c.path(), "outside retention", deleted);
            }
        }
        for (RejectedCheckpoint r : scan.rejected()) {
            if (r.step() < newest) {
                delete(r.path(), "incomplete (" + r.reason() + ")", deleted);
            }
        }
        for (Path temp : scan.temporaries()) {
            if (isStale(temp.getName(), newest)) {
                delete(temp, "a crashed writer's temporary", deleted);
            }
        }
        return new PruneResult(new ArrayList<>(keep), deleted);
    }

    private static boolean isStale(String tempName, long newestComplete) {
        Optional<String> target = TempNames.targetOf(tempName);
        if (target.isEmpty()) {
            return false;
        }
        if (target.get().equals(CheckpointNames.LATEST)) {
            return true; // LATEST is rewritten only inside a commit, and the writer prunes between commits
        }
        OptionalLong step = CheckpointNames.stepOf(target.get());
        return step.isPresent() && step.getAsLong() <= newestComplete;
    }

    private void delete(Path path, String why, List<Path> deleted) throws IOException {
        LOG.info("Deleting {}: {}", path, why);
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("cannot delete " + path + " (" + why + ")");
        }
        deleted.add(path);
    }
}
