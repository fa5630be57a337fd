package io.srgan.spark.run;

import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.CheckpointCorruptException;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.train.TrainState;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;

/**
 * Resolves what {@code --model} (or {@code train.init-from}) names, on any Hadoop file system: a
 * checkpoint folder (meta.json + state.npz), or a run folder, whose checkpoint is picked by a
 * {@link CheckpointChoice}; a damaged one gives way to the next in the same order. Says on stderr
 * which checkpoint it took and why.
 */
public final class ModelLocator {
    private ModelLocator() {}

    /** A checkpoint as read: its metadata, its state, and where it was. */
    public record Located(CheckpointMeta meta, TrainState state, String source) {
        /** Its generator, with the EMA weights when it has them and {@code preferEma}. */
        public Generator generator(boolean preferEma) throws CheckpointCorruptException {
            return Checkpoints.generator(meta, state.tensors(), preferEma, source);
        }
    }

    /** Builds the generator of a local checkpoint or run folder (EMA weights if present and {@code preferEma}). */
    public static Generator load(Path model, boolean preferEma, CheckpointChoice choice) throws IOException {
        return locate(model.toAbsolutePath().toUri(), HadoopSettings.empty(), choice).generator(preferEma);
    }

    public static Located locate(URI model, HadoopSettings settings, CheckpointChoice choice) throws IOException {
        try (Storage storage = Storage.open(model, settings)) {
            FileSystem fs = storage.fileSystem();
            org.apache.hadoop.fs.Path meta = storage.resolve(Checkpoints.META);
            if (fs.isFile(meta)) return readFolder(fs, storage.root(), settings);
            if (!fs.getFileStatus(storage.root()).isDirectory()) throw new IOException(model + ": no such checkpoint or run folder");
            try (CheckpointStore store = CheckpointStore.over(storage)) {
                CheckpointChoice.Picked<RunCheckpoints.Loaded> p = choice.read(store, RunCheckpoints::load).orElseThrow(() -> new IOException(
                        model + ": neither a checkpoint (no meta.json) nor a run folder with a complete checkpoint"));
                p.chosen().passedOver().forEach(d -> System.err.println("model: passing over damaged " + d));
                System.err.println("model: " + p.chosen().checkpoint().uri() + " (" + p.why() + ")");
                return new Located(p.chosen().value().meta(), p.chosen().value().state(), p.chosen().checkpoint().uri().toString());
            }
        } catch (FileNotFoundException e) {
            throw new IOException(model + ": no such checkpoint or run folder", e);
        }
    }

    /**
     * A checkpoint folder named directly. A run's checkpoint (named {@code ckpt-<step>}, as every
     * writer here names them, always with a manifest) is read as the store reads it, every file
     * checked against the manifest; a folder of another name (a hand copy) has nothing to check
     * against and is read as it is.
     */
    private static Located readFolder(FileSystem fs, org.apache.hadoop.fs.Path dir, HadoopSettings settings) throws IOException {
        String source = dir.toString();
        java.util.OptionalLong step = io.srgan.spark.io.CheckpointNames.stepOf(dir.getName());
        if (step.isPresent() && dir.getParent() != null) {
            try (Storage parent = Storage.open(dir.getParent().toUri(), settings);
                 CheckpointStore store = CheckpointStore.over(parent)) {
                RunCheckpoints.Loaded loaded = RunCheckpoints.load(store.complete(step.getAsLong()));
                return new Located(loaded.meta(), loaded.state(), source);
            }
        }
        Checkpoints.Contents read = Checkpoints.read(name -> fs.open(new org.apache.hadoop.fs.Path(dir, name)), source);
        return new Located(read.meta(), read.state(), source);
    }
}
