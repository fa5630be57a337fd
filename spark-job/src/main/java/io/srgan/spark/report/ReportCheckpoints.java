package io.srgan.spark.report;

import io.srgan.core.train.TrainConfig;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.ChosenCheckpoint;
import io.srgan.spark.run.RunCheckpoints;
import io.srgan.spark.run.ValidationLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the report takes from a run's checkpoints: the newest intact one (the latest generator,
 * EMA weights when kept), the one at the end of the PSNR phase (its round is {@code psnr-steps}; the
 * training job keeps it from pruning), the validation scores recorded in their manifests, and the
 * training config of the newest (for runs without a readable config.json).
 */
final class ReportCheckpoints {
    static final String LATEST = "sr_latest";
    static final String PSNR_PHASE = "sr_psnr_phase";

    private final List<ReportModel> models;
    private final List<ValidationPoint> manifestScores;
    private final TrainConfig config;

    private ReportCheckpoints(List<ReportModel> models, List<ValidationPoint> manifestScores, TrainConfig config) {
        this.models = models;
        this.manifestScores = manifestScores;
        this.config = config;
    }

    /**
     * @param psnrSteps length of the PSNR phase from config.json, -1 when unknown (then the newest
     *                  checkpoint's config says)
     */
    static ReportCheckpoints read(CheckpointStore store, long psnrSteps, List<String> notes) throws IOException {
        List<Checkpoint> complete = store.listComplete();
        List<ValidationPoint> scores = new ArrayList<>();
        for (Checkpoint c : complete) {
            OptionalDouble psnr = c.metric(RunCheckpoints.VAL_PSNR);
            if (psnr.isPresent()) scores.add(new ValidationPoint(c.step(), psnr.getAsDouble(), c.metric(ValidationLine.SSIM_Y).orElse(Double.NaN)));
        }
        RunCheckpoints.Loaded latest;
        ReportModel latestModel;
        try {
            Optional<ChosenCheckpoint<RunCheckpoints.Loaded>> newest = store.readNewest(RunCheckpoints::load);
            if (newest.isEmpty()) {
                notes.add("the run has no complete checkpoint: no SR columns in the crops");
                return new ReportCheckpoints(List.of(), scores, null);
            }
            newest.get().passedOver().forEach(p -> notes.add("damaged checkpoint passed over: " + p));
            latest = newest.get().value();
            latestModel = model(LATEST, "SR, latest", latest);
        } catch (IOException e) {
            notes.add("the newest checkpoint could not be read, no SR columns in the crops: " + e.getMessage());
            return new ReportCheckpoints(List.of(), scores, null);
        }
        long boundary = psnrSteps >= 0 ? psnrSteps : latest.meta().config().psnrSteps();
        List<ReportModel> models = new ArrayList<>();
        if (boundary <= 0) {
            notes.add("the run has no PSNR phase: no PSNR-phase column in the crops");
        } else if (boundary == latest.checkpoint().step()) {
            notes.add("the newest checkpoint (step " + boundary + ") is the end of the PSNR phase: one SR column");
        } else {
            Optional<Checkpoint> atBoundary = store.find(boundary);
            if (atBoundary.isEmpty()) {
                notes.add("no complete checkpoint at step " + boundary + " (the end of the PSNR phase"
                        + (boundary > latest.checkpoint().step() ? ", not reached yet" : "; pruned?")
                        + "): the PSNR-phase column is left out");
            } else {
                try {
                    models.add(model(PSNR_PHASE, "SR, PSNR phase", RunCheckpoints.load(atBoundary.get())));
                } catch (IOException e) {
                    notes.add("the PSNR-phase checkpoint could not be read, its column is left out: " + e.getMessage());
                }
            }
        }
        models.add(latestModel);
        return new ReportCheckpoints(models, scores, latest.meta().config());
    }

    /** The PSNR-phase generator (if shown) then the latest. */
    List<ReportModel> models() { return models; }

    /** Validation scores from the manifests of the complete checkpoints, oldest first. */
    List<ValidationPoint> manifestScores() { return manifestScores; }

    /** The newest checkpoint's training config, if there is one. */
    Optional<TrainConfig> config() { return Optional.ofNullable(config); }

    private static ReportModel model(String key, String title, RunCheckpoints.Loaded loaded) throws IOException {
        return new ReportModel(key, title, loaded.checkpoint().step(), loaded.state().hasEma(), loaded.checkpoint().uri(),
                loaded.generator(true));
    }
}
