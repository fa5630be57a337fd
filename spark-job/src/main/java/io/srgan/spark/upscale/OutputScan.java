package io.srgan.spark.upscale;

import io.srgan.spark.io.AtomicFile;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What an output folder already holds when a job starts: the relative paths of complete outputs
 * (an output exists under its final name only once it is whole), after deleting the temporaries a
 * killed run left. Call it only under the folder's {@link OutputLock}: a temporary of a writer still
 * at work would be deleted. The job's own files ({@link OutputPaths#isJobFile}) are not outputs.
 *
 * @param complete relative paths of the files present, the job's own files excepted (a rerun skips the ones planned again)
 * @param strayTemporaries how many temporaries were deleted
 */
public record OutputScan(Set<String> complete, int strayTemporaries) {

    /**
     * How many of the files present look like outputs: image names, not hidden (as inputs are listed),
     * so that a note or a {@code .DS_Store} beside them does not count.
     */
    public long outputs() {
        return complete.stream().filter(f -> Extensions.isImage(f) && !InputListing.isHidden(f)).count();
    }

    public static OutputScan of(FileSystem fs, Path root) throws IOException {
        Set<String> complete = new HashSet<>();
        if (!fs.exists(root)) return new OutputScan(complete, 0);
        if (!fs.getFileStatus(root).isDirectory()) throw new IllegalArgumentException("the output " + root + " is a file, not a folder");
        String prefix = root.toUri().getPath().endsWith("/") ? root.toUri().getPath() : root.toUri().getPath() + "/";
        int temporaries = 0;
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            String relative = p.toUri().getPath().substring(prefix.length());
            if (OutputPaths.isJobFile(relative)) continue; // reports, the lock (with other jobs' attempts to take it), the model record
            if (AtomicFile.isTemporary(p.getName())) {
                fs.delete(p, false);
                temporaries++;
            } else {
                complete.add(relative);
            }
        }
        return new OutputScan(complete, temporaries);
    }
}
