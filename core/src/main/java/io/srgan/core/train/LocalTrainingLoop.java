package io.srgan.core.train;

import io.srgan.core.data.ImageBatches;
import io.srgan.core.data.PatchBatch;
import io.srgan.core.data.PatchSampler;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains on one JVM: draws a batch of aligned patches, takes one {@link GanTrainer} step, tells the
 * listeners. Every Spark partition task runs it for its share of a round (spark-job RoundTask), as
 * do benchmarks and tests.
 */
public final class LocalTrainingLoop {
    private final GanTrainer trainer;
    private final PatchSampler sampler;
    private final int batchSize;
    private final List<TrainingListener> listeners;

    public LocalTrainingLoop(GanTrainer trainer, PatchSampler sampler, int batchSize, List<TrainingListener> listeners) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        if (sampler.spec().scale() != trainer.config().generator().scale()) {
            throw new IllegalArgumentException("patches are ×" + sampler.spec().scale() + " but the generator is ×"
                    + trainer.config().generator().scale());
        }
        this.trainer = trainer;
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.listeners = List.copyOf(listeners);
    }

    /** Runs until the trainer's step counter reaches {@code totalSteps}; frees the steps' native memory at the end. */
    public void runUntil(long totalSteps) {
        try {
            run(totalSteps);
        } finally {
            trainer.releaseStepMemory();
        }
    }

    private void run(long totalSteps) {
        int p = sampler.spec().lrPatch();
        int hp = sampler.spec().hrPatch();
        // one set of input arrays, refilled each step: the steps' own memory is reused (StepMemory), and
        // fresh inputs would pile up between GCs
        INDArray lr = null;
        INDArray hr = null;
        INDArray hrSharp = null;
        while (trainer.step() < totalSteps) {
            PatchBatch batch = sampler.next(batchSize);
            lr = ImageBatches.fill(lr, batch.lr(), batchSize, p, p, 3);
            hr = ImageBatches.fill(hr, batch.hr(), batchSize, hp, hp, 3);
            hrSharp = batch.hrSharp() == null ? null : ImageBatches.fill(hrSharp, batch.hrSharp(), batchSize, hp, hp, 3);
            StepMetrics metrics = trainer.step(lr, hr, hrSharp);
            for (TrainingListener l : listeners) l.onStep(trainer, trainer.step(), metrics);
        }
        for (TrainingListener l : listeners) l.onEnd(trainer);
    }
}
