package io.srgan.spark.retrain;

import com.typesafe.config.ConfigUtil;
import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.core.train.TrainState;
import io.srgan.spark.config.FlatSettings;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.RunCheckpoints;
import io.srgan.spark.train.TrainJob;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Fine-tunes with the training job ({@link TrainJob}: data-parallel rounds on the cluster under
 * spark-submit, an embedded {@code local[*]} from {@code bin/srgan}) in the plan's run folder
 * {@code STORE/runs/<run-id>/}: writes the training manifest of the plan's images
 * ({@link TrainingManifest}), commits the warm-start state ({@link WarmStart}) as checkpoint 0, and
 * lets the job resume from it for {@code train.steps} steps. The job's own validation is switched
 * off: the retrain job scores the result on the fixed validation set.
 */
public final class SparkCandidateTrainer implements CandidateTrainer {

    @Override
    public TrainedCandidate fineTune(RetrainPlan plan) throws IOException {
        URI run = plan.runFolder();
        String manifest;
        try (Storage storage = Storage.open(run, plan.settings())) {
            manifest = TrainingManifest.write(storage, plan.allImages()).toString();
        }
        JobConfig job = plan.recipe().load("train.manifest=" + ConfigUtil.quoteString(manifest), "train.hr=null",
                "train.lr=null", "validation.hr=null", "output=" + ConfigUtil.quoteString(run.toString()));
        RunCheckpoints.Loaded production = plan.production().load(plan.settings());
        WarmStart.checkCompatible(production.meta(), job.train(), production.checkpoint().uri().toString());
        TrainState start = WarmStart.from(production.meta(), production.state(), job.train(), plan.resetOptimizer(),
                production.checkpoint().uri().toString());
        try (RunCheckpoints checkpoints = new RunCheckpoints(CheckpointStore.open(run, plan.settings()), job.keepLast())) {
            Map<String, String> provenance = Map.of("warm_start", production.checkpoint().uri().toString(), "retrain_run", plan.runId());
            checkpoints.save(new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, job.train(), start.counters(), Map.of(), provenance,
                    FlatSettings.of(job), null), start);
        }
        new TrainJob(job, run, plan.settings()).run(true);
        return new TrainedCandidate(new CheckpointRef(run, job.steps()), job.steps());
    }
}
