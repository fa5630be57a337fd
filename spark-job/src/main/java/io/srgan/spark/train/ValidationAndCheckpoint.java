package io.srgan.spark.train;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.core.train.GanTrainer;
import io.srgan.core.train.StepMetrics;
import io.srgan.core.train.TrainState;
import io.srgan.core.train.TrainingListener;
import io.srgan.core.data.PatchSampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code every} steps and at the end: scores the generator (EMA weights when enabled: they are
 * what gets deployed) on the validation folder and commits a checkpoint carrying the scores.
 */
final class ValidationAndCheckpoint implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationAndCheckpoint.class);

    private final RunCheckpoints checkpoints;
    private final PatchSampler sampler;
    private final Path validationHr;
    private final long every;
    private final long totalSteps;
    private final Map<String, String> provenance;
    private final ImageDecoder decoder = new ImageDecoder();
    private long lastSaved = -1;

    ValidationAndCheckpoint(RunCheckpoints checkpoints, PatchSampler sampler, Path validationHr, long every, long totalSteps,
                            Map<String, String> provenance) {
        this.checkpoints = checkpoints;
        this.sampler = sampler;
        this.validationHr = validationHr;
        this.every = every;
        this.totalSteps = totalSteps;
        this.provenance = provenance;
    }

    @Override
    public void onStep(GanTrainer trainer, long step, StepMetrics metrics) {
        if (step % every == 0 || step == totalSteps) save(trainer, step);
    }

    @Override
    public void onEnd(GanTrainer trainer) {
        if (lastSaved != trainer.step() && trainer.step() >= totalSteps) save(trainer, trainer.step());
    }

    private void save(GanTrainer trainer, long step) {
        try {
            Map<String, Double> scores = new LinkedHashMap<>();
            if (validationHr != null) {
                DatasetScore s = SrEvaluator.scoreFolder(TrainJob.deployableGenerator(trainer), validationHr, decoder);
                scores.put(RunCheckpoints.VAL_PSNR, s.meanPsnrY());
                scores.put("val_ssim_y", s.meanSsimY());
                System.out.printf("step %d  validation PSNR-Y %.3f dB  SSIM-Y %.4f (%d images)%n", step, s.meanPsnrY(),
                        s.meanSsimY(), s.size());
            }
            TrainState exported = TrainState.export(trainer);
            Map<String, Long> counters = new LinkedHashMap<>(exported.counters());
            counters.put(TrainJob.SAMPLER_SEED, sampler.state().seed());
            counters.put(TrainJob.SAMPLER_DRAWN, sampler.state().drawn());
            var c = checkpoints.save(trainer.config(), new TrainState(exported.tensors(), counters), scores, provenance);
            LOG.info("checkpoint {} committed", c.uri());
            lastSaved = step;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint at step " + step + " failed: " + e.getMessage(), e);
        }
    }
}
