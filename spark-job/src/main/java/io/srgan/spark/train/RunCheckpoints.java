package io.srgan.spark.train;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.checkpoint.NpzCodec;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.train.TrainState;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.io.RetentionPolicy;
import io.srgan.spark.io.StreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The run folder's checkpoints in the core format ({@code meta.json} + {@code state.npz}) on the
 * storage layer's commit protocol (complete or invisible; LATEST; retention of the last k plus the
 * best by validation PSNR). The checkpoint's round number is the training step.
 */
public final class RunCheckpoints implements AutoCloseable {
    public static final String VAL_PSNR = "val_psnr_y";

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
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config, state.counters(), metrics, provenance);
        Map<String, StreamWriter> files = new LinkedHashMap<>();
        files.put(Checkpoints.STATE, out -> Checkpoints.writeState(state, out));
        files.put(Checkpoints.META, out -> Checkpoints.writeMeta(meta, out));
        Checkpoint c = store.commit(state.counter(TrainState.STEP), files, metrics);
        store.prune(retention);
        return c;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Loaded> latest() throws IOException {
        Optional<Checkpoint> c = store.latest();
        return c.isPresent() ? Optional.of(load(c.get())) : Optional.empty();
    }

    public static Loaded load(Checkpoint c) throws IOException {
        CheckpointMeta meta;
        try (InputStream in = c.open(Checkpoints.META)) {
            meta = Checkpoints.readMeta(in, c.uri() + "/" + Checkpoints.META);
        }
        try (InputStream in = c.open(Checkpoints.STATE)) {
            return new Loaded(c, meta, new TrainState(NpzCodec.read(in, c.uri() + "/" + Checkpoints.STATE), meta.counters()));
        }
    }

    @Override
    public void close() throws IOException { store.close(); }

    /** A checkpoint read back: where it was, its metadata and its state. */
    public record Loaded(Checkpoint checkpoint, CheckpointMeta meta, TrainState state) {}
}
