package io.srgan.spark.run;

import io.srgan.core.util.SettingNames;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.io.CheckpointReader;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.ChosenCheckpoint;
import io.srgan.spark.io.MetricGoal;
import java.io.IOException;
import java.util.Optional;

/**
 * Which checkpoint a run folder stands for wherever one is accepted as a model ({@code upscale},
 * {@code evaluate}, {@code models import}, {@code train.init-from}). After a GAN phase the best
 * checkpoint by validation PSNR is nearly always a PSNR-phase one, the model the GAN phase set out to
 * improve on perceptually, so {@link #AUTO} means a run's newest checkpoint once it has reached its
 * GAN phase, and its best by validation PSNR before (a PSNR-only run).
 */
public enum CheckpointChoice {
    AUTO, LATEST, BEST_PSNR;

    /** auto | latest | best-psnr. */
    public static CheckpointChoice parse(String name) {
        return SettingNames.parse(CheckpointChoice.class, "checkpoint choice", name);
    }

    public String label() { return SettingNames.of(this); }

    /** A checkpoint read by this choice, and why it was the one (for the console). */
    public record Picked<T>(ChosenCheckpoint<T> chosen, String why) {}

    /**
     * Reads the checkpoint of {@code run} this choice means; a damaged one gives way to the next in the
     * same order (see {@link ChosenCheckpoint}). Empty when the run has no complete checkpoint.
     */
    public <T> Optional<Picked<T>> read(CheckpointStore run, CheckpointReader<T> reader) throws IOException {
        CheckpointChoice effective = this;
        String why;
        if (this == AUTO) {
            Optional<ChosenCheckpoint<CheckpointMeta>> newest = run.readNewest(RunCheckpoints::meta);
            if (newest.isEmpty()) return Optional.empty();
            long step = newest.get().checkpoint().step();
            long psnrSteps = newest.get().value().config().psnrSteps();
            boolean gan = step > psnrSteps;
            effective = gan ? LATEST : BEST_PSNR;
            why = gan ? "the newest: the run trained a GAN phase from step " + psnrSteps + " (best-psnr picks its PSNR-phase model)"
                    : "the best by validation PSNR: the run has not trained a GAN phase";
        } else {
            why = this == LATEST ? "the newest, as asked" : "the best by validation PSNR, as asked";
        }
        Optional<ChosenCheckpoint<T>> c = effective == LATEST ? run.readNewest(reader)
                : run.readBest(RunCheckpoints.VAL_PSNR, MetricGoal.MAXIMIZE, reader);
        String reason = why;
        return c.map(chosen -> new Picked<>(chosen, reason));
    }
}
