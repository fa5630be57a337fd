package io.srgan.spark.models;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporaries ({@code _tmp-*}, see {@link AtomicFile#isTemporary}) that killed writers leave in a
 * model store: a lease, history record or production change written under a temporary name and not
 * yet renamed, a model's checkpoint copied in halfway, a fine-tune's checkpoint. A live writer renames
 * or deletes its temporary within the time a write takes, so one that has not changed for
 * {@link #STALE_AFTER} is a dead writer's and is deleted.
 */
final class StoreTemporaries {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTemporaries.class);

    /**
     * Far longer than any write to the store takes (the longest, copying a model's checkpoint in, takes
     * minutes); time stamps come from the store's clock, so clock skew between machines does not matter.
     */
    static final Duration STALE_AFTER = Duration.ofHours(6);

    /** The folders whose entries the store's writers create, relative to the store's root. */
    private static final List<String> FOLDERS = List.of("", StoreLease.FOLDER, ProductionLog.FOLDER, ModelStore.HISTORY,
            ModelStore.RETRAIN, ModelStore.RETRAIN + "/" + StoreLease.FOLDER, ModelStore.MODELS, ModelStore.RUNS);
    /** Folders whose sub-folders (a model, a fine-tune's run folder) also get temporaries. */
    private static final List<String> PARENTS = List.of(ModelStore.MODELS, ModelStore.RUNS);

    private StoreTemporaries() {
    }

    /** Deletes every temporary in the store's folders last changed before {@code cutoff}; returns them. */
    static List<Path> deleteOlderThan(Storage storage, Instant cutoff) throws IOException {
        FileSystem fs = storage.fileSystem();
        List<Path> folders = new ArrayList<>();
        for (String f : FOLDERS) {
            folders.add(f.isEmpty() ? storage.root() : storage.resolve(f));
        }
        for (String parent : PARENTS) {
            for (FileStatus s : list(fs, storage.resolve(parent))) {
                if (s.isDirectory() && !AtomicFile.isTemporary(s.getPath().getName())) {
                    folders.add(s.getPath());
                }
            }
        }
        List<Path> deleted = new ArrayList<>();
        for (Path folder : folders) {
            for (FileStatus s : list(fs, folder)) {
                if (!AtomicFile.isTemporary(s.getPath().getName())) {
                    continue;
                }
                long changed = lastChange(fs, s);
                if (changed < cutoff.toEpochMilli()) {
                    LOG.info("Deleting {}: a temporary unchanged since {}, left by a killed writer", s.getPath(),
                            Instant.ofEpochMilli(changed));
                    fs.delete(s.getPath(), true);
                    deleted.add(s.getPath());
                }
            }
        }
        return deleted;
    }

    private static FileStatus[] list(FileSystem fs, Path folder) throws IOException {
        try {
            return fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    /** A file's modification time; a folder's is that of the newest file in it (object stores give prefixes none). */
    private static long lastChange(FileSystem fs, FileStatus status) throws IOException {
        long newest = status.getModificationTime();
        if (status.isDirectory()) {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
            while (files.hasNext()) {
                newest = Math.max(newest, files.next().getModificationTime());
            }
        }
        return newest;
    }
}
