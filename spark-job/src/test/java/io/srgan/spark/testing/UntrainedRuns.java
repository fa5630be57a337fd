package io.srgan.spark.testing;

import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.config.JobConfigLoader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.run.RunCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Run folders holding one checkpoint of an untrained trainer: real models in the core format, made in milliseconds. */
public final class UntrainedRuns {
    private UntrainedRuns() {
    }

    /** The quick-start recipe shrunk to a 1-block, 4-channel generator and a width-4 discriminator. */
    public static JobConfig config(long seed) {
        return JobConfigLoader.load(Path.of("../conf/quickstart.conf"),
                List.of("generator.blocks=1", "generator.channels=4", "discriminator.width=4", "seed=" + seed));
    }

    /** Writes checkpoint 0 of a fresh trainer for {@code job} into run folder {@code dir}; returns {@code dir}. */
    public static Path untrained(Path dir, JobConfig job) throws IOException {
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(dir.toUri(), HadoopSettings.empty()), 1)) {
            checkpoints.save(job.train(), TrainState.export(new GanTrainer(job.train())), Map.of(), Map.of());
        }
        return dir;
    }
}
