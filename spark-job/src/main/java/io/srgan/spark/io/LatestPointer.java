package io.srgan.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code LATEST} file: the name of the newest committed checkpoint folder and a newline, for people
 * and scripts ({@code hdfs dfs -cat run/LATEST}). Only a hint: it is written after the checkpoint, so a
 * crash in between leaves it stale, and readers never trust it over a listing.
 */
final class LatestPointer {
    private static final Logger LOG = LoggerFactory.getLogger(LatestPointer.class);
    private static final int MAX_BYTES = 256;

    private LatestPointer() {
    }

    static void write(Storage storage, long step) throws IOException {
        byte[] content = (CheckpointNames.folder(step) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(storage, storage.resolve(CheckpointNames.LATEST), out -> out.write(content));
    }

    /** The step LATEST names, or empty if it is missing or holds no checkpoint name. */
    static OptionalLong read(FileSystem fs, Path runFolder) throws IOException {
        Path path = new Path(runFolder, CheckpointNames.LATEST);
        String text;
        try (InputStream in = fs.open(path)) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).strip();
        } catch (FileNotFoundException e) {
            return OptionalLong.empty();
        }
        OptionalLong step = CheckpointNames.stepOf(text);
        if (step.isEmpty()) {
            LOG.warn("{} holds '{}', not a checkpoint folder name; ignoring it", path, abbreviate(text));
        }
        return step;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
