package io.srgan.spark.retrain;

import com.typesafe.config.ConfigUtil;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.train.RunCheckpoints;
import io.srgan.spark.train.TrainJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fine-tunes in this JVM with the local training job ({@link TrainJob}): copies the plan's images to
 * {@code workDir/images}, writes the warm-start state ({@link WarmStart}) as checkpoint 0 of the run
 * folder {@code workDir/run}, and lets the job resume from it for {@code train.steps} steps. Its own
 * periodic validation is switched off: the retrain job scores the result on the fixed validation set.
 */
public final class LocalCandidateTrainer implements CandidateTrainer {

    @Override
    public TrainedCandidate fineTune(RetrainPlan plan) throws IOException {
        Path images = LocalImages.copy(plan.allImages(), plan.workDir().resolve("images"), plan.settings());
        JobConfig job = plan.recipe().load("train.hr=" + ConfigUtil.quoteString(images.toString()), "validation.hr=null");
        RunCheckpoints.Loaded production = plan.production().load(plan.settings());
        WarmStart.checkCompatible(production.meta(), job.train(), production.checkpoint().uri().toString());
        TrainState start = WarmStart.from(production.state(), job.train(), plan.resetOptimizer());
        Path run = plan.workDir().resolve("run");
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(run.toUri(), HadoopSettings.empty()),
                job.keepLast())) {
            checkpoints.save(job.train(), start, Map.of(), Map.of("warm_start", production.checkpoint().uri().toString(),
                    "retrain_run", plan.runId()));
        }
        new TrainJob(job, run).run(true);
        return new TrainedCandidate(new CheckpointRef(run.toUri(), job.steps()), job.steps());
    }
}
