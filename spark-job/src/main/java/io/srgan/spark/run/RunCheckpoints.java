package io.srgan.spark.run;

import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.CheckpointCorruptException;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.ChosenCheckpoint;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.io.RetentionPolicy;
import io.srgan.spark.io.StreamWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run folder's checkpoints in the core format ({@code meta.json} + {@code state.npz}) on the
 * storage layer's commit protocol (complete or invisible; LATEST; retention of the last k plus the
 * best by validation PSNR), each numbered by the training step it was taken after.
 */
public final class RunCheckpoints implements AutoCloseable {
    /** The manifest metric retention and {@code best-psnr} pick by: the validation PSNR, named as in the metrics log. */
    public static final String VAL_PSNR = ValidationLine.PSNR_Y;

    private final CheckpointStore store;
    private final RetentionPolicy retention;

    /** Keeps the newest {@code keepLast} and the best by validation PSNR. */
    public RunCheckpoints(CheckpointStore store, int keepLast) {
        this(store, RetentionPolicy.keepLast(keepLast).andBest(VAL_PSNR, MetricGoal.MAXIMIZE));
    }

    public RunCheckpoints(CheckpointStore store, RetentionPolicy retention) {
        this.store = store;
        this.retention = retention;
    }

    public CheckpointStore store() { return store; }

    public Checkpoint save(TrainConfig config, TrainState state, Map<String, Double> metrics, Map<String, String> provenance)
            throws IOException {
        return save(new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config, state.counters(), metrics, provenance), state);
    }

    /** Commits {@code state} with {@code meta} (whose metrics also go into the manifest, for retention), then prunes. */
    public Checkpoint save(CheckpointMeta meta, TrainState state) throws IOException {
        Map<String, StreamWriter> files = new LinkedHashMap<>();
        files.put(Checkpoints.STATE, out -> Checkpoints.writeState(state, out));
        files.put(Checkpoints.META, out -> Checkpoints.writeMeta(meta, out));
        Checkpoint c = store.commit(state.counter(TrainState.STEP), files, meta.metrics());
        store.prune(retention);
        return c;
    }

    /** The newest intact checkpoint, read whole, and the newer damaged ones passed over (see {@link ChosenCheckpoint}). */
    public Optional<ChosenCheckpoint<Loaded>> latest() throws IOException {
        return store.readNewest(RunCheckpoints::load);
    }

    /** Reads checkpoint {@code c} whole, checking every byte against its manifest. */
    public static Loaded load(Checkpoint c) throws IOException {
        Checkpoints.Contents read = damageFirst(() -> Checkpoints.read(c::open, c.uri().toString()));
        return new Loaded(c, read.meta(), read.state());
    }

    /** Reads the metadata of checkpoint {@code c} alone, checked against its manifest. */
    public static CheckpointMeta meta(Checkpoint c) throws IOException {
        return damageFirst(() -> Checkpoints.readMeta(c::open, c.uri().toString()));
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    /**
     * Reads files of a checkpoint. When the bytes do not match the manifest, that is the error (the
     * file changed after it was written), not whatever the parser made of the changed bytes.
     */
    private static <T> T damageFirst(Read<T> read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            for (Throwable s : e.getSuppressed()) {
                if (s instanceof CheckpointCorruptException damaged) throw damaged;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException { store.close(); }

    /** A checkpoint read back: where it was, its metadata and its state. */
    public record Loaded(Checkpoint checkpoint, CheckpointMeta meta, TrainState state) {
        /** Its generator, with the EMA weights when it has them and {@code preferEma}. */
        public Generator generator(boolean preferEma) throws CheckpointCorruptException {
            return Checkpoints.generator(meta, state.tensors(), preferEma, checkpoint.uri().toString());
        }
    }
}
