package io.srgan.spark.cli;

import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.MetricGoal;
import io.srgan.spark.train.RunCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves what {@code --model} names: a checkpoint folder (meta.json + state.npz), or a run folder,
 * whose best checkpoint by validation PSNR is used (the newest complete one when none was validated).
 */
final class ModelLocator {
    private ModelLocator() {}

    static Generator load(Path model, boolean preferEma) throws IOException {
        if (Files.isRegularFile(model.resolve(Checkpoints.META))) return Checkpoints.loadGenerator(model, preferEma);
        if (!Files.isDirectory(model)) throw new IOException(model + ": no such checkpoint or run folder");
        try (CheckpointStore store = CheckpointStore.open(model.toUri(), HadoopSettings.empty())) {
            Optional<Checkpoint> c = store.best(RunCheckpoints.VAL_PSNR, MetricGoal.MAXIMIZE);
            if (c.isEmpty()) c = store.latest();
            if (c.isEmpty()) throw new IOException(model + ": neither a checkpoint (no meta.json) nor a run folder with a complete checkpoint");
            RunCheckpoints.Loaded loaded = RunCheckpoints.load(c.get());
            System.err.println("model: " + c.get().uri());
            return Checkpoints.generator(loaded.meta(), loaded.state().tensors(), preferEma, c.get().uri().toString());
        }
    }
}
