package io.srgan.spark.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one training run, in a run folder on any Hadoop file system:
 *
 * <pre>
 * run/
 *   ckpt-00000010/   meta.json, state.npz, MANIFEST.json (written last)
 *   ckpt-00000020/
 *   LATEST           "ckpt-00000020\n", a hint for people and scripts
 *   _tmp-ckpt-00000030-&lt;uuid&gt;/   a writer at work, or one that crashed
 *   _damaged-ckpt-00000040-&lt;uuid&gt;/   a checkpoint whose bytes changed, moved aside by a resume
 * </pre>
 *
 * A checkpoint is either complete or invisible: readers trust only folders whose manifest parses and
 * lists files present at the recorded sizes, and file reads check the recorded CRC32C; readers that
 * pick the newest or the best pass over damaged ones ({@link #readNewest}, {@link #readBest}). One
 * writer per run folder, committing steps in increasing order; any number of readers.
 */
public final class CheckpointStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    /** Prefix of a damaged checkpoint moved aside by {@link #setAside}; such folders are neither read nor pruned. */
    public static final String DAMAGED_PREFIX = "_damaged-";

    private final Storage storage;
    private final boolean ownsStorage;
    private final CheckpointValidator validator;

    private CheckpointStore(Storage storage, boolean ownsStorage) {
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.validator = new CheckpointValidator(storage.fileSystem());
    }

    /** Opens the run folder {@code runFolder} (it need not exist yet). */
    public static CheckpointStore open(URI runFolder, Configuration conf) throws IOException {
        return new CheckpointStore(Storage.open(runFolder, conf), true);
    }

    public static CheckpointStore open(URI runFolder, HadoopSettings settings) throws IOException {
        return open(runFolder, settings.toConfiguration());
    }

    /** A store over an open storage whose root is the run folder; closing the store leaves it open. */
    public static CheckpointStore over(Storage storage) {
        return new CheckpointStore(storage, false);
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Writes the checkpoint of training step {@code step}: each file from its writer, in the map's order, then the
     * manifest with sizes, CRC32Cs and {@code metrics}, then LATEST. Returns it once it reads back as
     * complete. Fails with {@link org.apache.hadoop.fs.FileAlreadyExistsException} if a complete
     * checkpoint of this step exists; an incomplete one (a crashed writer's) is replaced.
     *
     * @param files   file name (letters, digits, {@code . _ -}) to the writer of its content
     * @param metrics finite values recorded in the manifest, e.g. {@code val_psnr_y}
     */
    public Checkpoint commit(long step, Map<String, StreamWriter> files, Map<String, Double> metrics) throws IOException {
        return new CheckpointWriter(storage, validator).commit(step, files, metrics);
    }

    /** Every checkpoint folder, complete or not with the reason, and every temporary. */
    public CheckpointScan scan() throws IOException {
        List<Checkpoint> complete = new ArrayList<>();
        List<RejectedCheckpoint> rejected = new ArrayList<>();
        FileStatus[] entries = listRunFolder();
        for (Map.Entry<Long, Path> folder : checkpointFolders(entries).entrySet()) {
            try {
                complete.add(validator.validate(folder.getValue(), folder.getKey()));
            } catch (InvalidCheckpointException e) {
                rejected.add(new RejectedCheckpoint(folder.getKey(), folder.getValue(), e.getMessage()));
            }
        }
        List<Path> temporaries = new ArrayList<>();
        for (FileStatus status : entries) {
            if (TempNames.isTemporary(status.getPath().getName())) {
                temporaries.add(status.getPath());
            }
        }
        temporaries.sort(Comparator.comparing(Path::getName));
        return new CheckpointScan(complete, rejected, temporaries);
    }

    /** The complete checkpoints, oldest first. */
    public List<Checkpoint> listComplete() throws IOException {
        return scan().complete();
    }

    /** The newest complete checkpoint, checking sizes (see {@link Verification#SIZES}). */
    public Optional<Checkpoint> latest() throws IOException {
        return latest(Verification.SIZES);
    }

    /**
     * The newest checkpoint that passes {@code verification}; older ones are tried in turn when the
     * newest is incomplete or (with {@link Verification#CHECKSUMS}) damaged. LATEST only explains the
     * outcome in the log: a listing decides.
     */
    public Optional<Checkpoint> latest(Verification verification) throws IOException {
        if (verification == Verification.CHECKSUMS) {
            return readNewest(CheckpointReader.verified()).map(ChosenCheckpoint::value);
        }
        List<Checkpoint> complete = listComplete();
        Optional<Checkpoint> found = complete.isEmpty() ? Optional.empty() : Optional.of(complete.get(complete.size() - 1));
        explainHint(found);
        return found;
    }

    /**
     * Reads the newest complete checkpoint with {@code reader}; a damaged one (see
     * {@link ChosenCheckpoint}) gives way to the next older. Empty when there is no complete
     * checkpoint; an IOException when every one is damaged.
     */
    public <T> Optional<ChosenCheckpoint<T>> readNewest(CheckpointReader<T> reader) throws IOException {
        List<Checkpoint> newestFirst = new ArrayList<>(listComplete());
        Collections.reverse(newestFirst);
        Optional<ChosenCheckpoint<T>> chosen = ChosenCheckpoint.firstReadable(newestFirst, reader);
        explainHint(chosen.map(ChosenCheckpoint::checkpoint));
        return chosen;
    }

    /**
     * Reads the complete checkpoint with the best {@code metric} with {@code reader}; a damaged one gives
     * way to the next best, and checkpoints without the metric come last, newest first (see
     * {@link MetricGoal#ranking}).
     */
    public <T> Optional<ChosenCheckpoint<T>> readBest(String metric, MetricGoal goal, CheckpointReader<T> reader)
            throws IOException {
        return ChosenCheckpoint.firstReadable(goal.ranking(listComplete(), metric), reader);
    }

    /**
     * Moves a damaged checkpoint out of the way, to {@code _damaged-ckpt-<step>-<uuid>} beside it, so
     * that its step can be committed again while its bytes stay for inspection. For the run's writer.
     */
    public Path setAside(Checkpoint damaged) throws IOException {
        Path target = new Path(damaged.path().getParent(), DAMAGED_PREFIX + damaged.path().getName() + "-" + UUID.randomUUID());
        if (!storage.fileSystem().rename(damaged.path(), target)) {
            throw new IOException("cannot move damaged checkpoint " + damaged.path() + " aside to " + target);
        }
        LOG.warn("Moved damaged checkpoint {} aside to {}", damaged.path(), target);
        return target;
    }

    /** The checkpoint of step {@code step} if it exists and is complete. */
    public Optional<Checkpoint> find(long step) throws IOException {
        Path folder = storage.resolve(CheckpointNames.folder(step));
        try {
            return Optional.of(validator.validate(folder, step));
        } catch (InvalidCheckpointException e) {
            LOG.debug("No complete checkpoint at {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The checkpoint of step {@code step}, which must be complete: else a {@link
     * io.srgan.core.checkpoint.CheckpointCorruptException} says why (for a checkpoint someone named).
     */
    public Checkpoint complete(long step) throws IOException {
        Path folder = storage.resolve(CheckpointNames.folder(step));
        try {
            return validator.validate(folder, step);
        } catch (InvalidCheckpointException e) {
            throw new io.srgan.core.checkpoint.CheckpointCorruptException(folder + ": not a complete checkpoint: " + e.getMessage());
        }
    }

    /** The complete checkpoint with the best {@code metric}; ties go to the newest. */
    public Optional<Checkpoint> best(String metric, MetricGoal goal) throws IOException {
        return goal.best(listComplete(), metric);
    }

    /**
     * Deletes complete checkpoints outside {@code policy}, and what crashed writers left: incomplete
     * checkpoints older than the newest complete one and temporaries at or below its step. Call it
     * from the run's writer, between commits.
     */
    public PruneResult prune(RetentionPolicy policy) throws IOException {
        return new CheckpointPruner(storage.fileSystem()).prune(scan(), policy);
    }

    @Override
    public void close() throws IOException {
        if (ownsStorage) {
            storage.close();
        }
    }

    private static TreeMap<Long, Path> checkpointFolders(FileStatus[] entries) {
        TreeMap<Long, Path> folders = new TreeMap<>();
        for (FileStatus status : entries) {
            if (status.isDirectory()) {
                CheckpointNames.stepOf(status.getPath().getName()).ifPresent(step -> {
                    Path previous = folders.put(step, status.getPath());
                    if (previous != null) {
                        LOG.warn("{} and {} both claim step {}; using the latter", previous, status.getPath(), step);
                    }
                });
            }
        }
        return folders;
    }

    private FileStatus[] listRunFolder() throws IOException {
        FileSystem fs = storage.fileSystem();
        try {
            return fs.listStatus(storage.root());
        } catch (FileNotFoundException e) {
            return new FileStatus[0]; // no checkpoint written yet
        }
    }

    private void explainHint(Optional<Checkpoint> found) throws IOException {
        OptionalLong hint = LatestPointer.read(storage.fileSystem(), storage.root());
        if (found.isEmpty()) {
            if (hint.isPresent()) {
                LOG.warn("{} names {}, but {} holds no complete checkpoint", CheckpointNames.LATEST,
                        CheckpointNames.folder(hint.getAsLong()), storage.root());
            }
        } else if (hint.isEmpty()) {
            LOG.info("{} has no usable {} pointer; the newest complete checkpoint is {}", storage.root(),
                    CheckpointNames.LATEST, found.get().path());
        } else if (hint.getAsLong() != found.get().step()) {
            LOG.warn("{} names {}, but the newest intact checkpoint is {}; the pointer is stale or points at an"
                            + " incomplete or damaged checkpoint (a writer stopped between checkpoint and pointer?)",
                    CheckpointNames.LATEST, CheckpointNames.folder(hint.getAsLong()), found.get().path());
        }
    }
}
