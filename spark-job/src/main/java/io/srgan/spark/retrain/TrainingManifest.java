package io.srgan.spark.retrain;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * The fine-tune's training manifest ({@code train.manifest}): one HR image per line (a Hadoop path as
 * written, not percent-encoded, as the training job reads manifests), read in place
 * by the training job's executors, so nothing is copied. The job names pairs by file stem and skips
 * a repeated stem, and different days may well hold files of the same name; such an image is copied
 * into {@code <run>/renamed/<day>_<file>} and listed under that name instead.
 */
final class TrainingManifest {
    static final String FILE = "train-manifest.txt";

    private TrainingManifest() {
    }

    /** Writes the manifest of {@code images} into the run folder of {@code run}; returns its path. */
    static Path write(Storage run, List<ImageRef> images) throws IOException {
        StringBuilder text = new StringBuilder("# HR images of this fine-tune: new days first, then the replay sample\n");
        Set<String> stems = new HashSet<>();
        for (ImageRef image : images) {
            Path source = new Path(image.uri());
            if (stems.add(stem(source.getName()))) {
                text.append(source).append('\n');
                continue;
            }
            Path renamed = run.resolve("renamed/" + image.localName());
            if (!stems.add(stem(renamed.getName()))) {
                throw new IOException(image.uri() + ": cannot give it a unique name in the training manifest (" + renamed + ")");
            }
            FileSystem from = source.getFileSystem(run.configuration());
            if (!FileUtil.copy(from, source, run.fileSystem(), renamed, false, true, run.configuration())) {
                throw new IOException("cannot copy " + source + " to " + renamed);
            }
            text.append(renamed).append('\n');
        }
        Path manifest = run.resolve(FILE);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(run, manifest, out -> out.write(bytes));
        return manifest;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
