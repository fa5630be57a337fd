package io.srgan.spark.retrain;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseHeldException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelEntry;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.ProductionChange;
import io.srgan.spark.models.StoreLease;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain run: lock the model store, find the days that arrived since the last run, fine-tune the
 * production model on them plus a replay sample ({@link CandidateTrainer}), store the candidate as a
 * model, score candidate and production on the fixed validation set, and move the production pointer
 * if the policy says so. Every run, refused and failed ones included, leaves a {@link RunRecord}.
 */
public final class RetrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

    private final RetrainConfig config;
    private final CandidateTrainer trainer;
    private final HadoopSettings settings;
    private final Clock clock;

    public RetrainJob(RetrainConfig config, CandidateTrainer trainer, HadoopSettings settings, Clock clock) {
        this.config = config;
        this.trainer = trainer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs once and returns what it recorded; throws (after recording the failure) when the run failed. */
    public RunRecord run() throws IOException {
        String runId = RunIds.next(clock);
        String started = clock.instant().toString();
        LeaseOwner owner = LeaseOwner.thisProcess(runId);
        try (ModelStore store = ModelStore.open(config.store(), settings)) {
            RunHistory history = new RunHistory(store.storage());
            StoreLease lease;
            try {
                lease = store.lock(owner, config.lease(), clock);
            } catch (LeaseHeldException e) {
                RunRecord refused = new RunRecord(runId, started, clock.instant().toString(), owner, RunRecord.REFUSED,
                        e.getMessage(), null, null, null, null, null);
                history.append(refused);
                LOG.warn("{}", e.getMessage());
                return refused;
            }
            try (lease) {
                RunRecord done = runLocked(runId, started, owner, store, history, lease);
                history.append(done);
                pruneRejected(store, history, lease);
                return done;
            } catch (IOException | RuntimeException e) {
                RunRecord failed = new RunRecord(runId, started, clock.instant().toString(), owner, RunRecord.FAILED,
                        e.toString(), null, null, null, null, null);
                try {
                    history.append(failed);
                } catch (IOException | RuntimeException f) {
                    e.addSuppressed(f);
                }
                throw e;
            }
        }
    }

    private RunRecord runLocked(String runId, String started, LeaseOwner owner, ModelStore store, RunHistory history,
                                StoreLease lease) throws IOException {
        String productionId = store.production().map(ProductionChange::model).orElseThrow(() -> new IllegalStateException(
                store.uri() + " has no production model; import a trained one first:"
                        + " srgan models import --store " + store.uri() + " --from RUN_OR_CHECKPOINT --id NAME --promote"));
        ModelEntry production = store.find(productionId).orElseThrow(() -> new IllegalStateException(
                "production model '" + productionId + "' of " + store.uri() + " is missing or incomplete"));
        CheckpointMeta productionMeta = store.meta(productionId);
        WarmStart.checkCompatible(productionMeta, config.recipe().loadForChecks().train(), productionId);

        LocalDate watermark = history.consumedThrough();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate lastDay = config.includeToday() ? today : today.minusDays(1);
        NewData data = new IncomingFolders(config.incoming(), settings).discover(watermark, lastDay);
        if (data.newImages().isEmpty()) {
            String why = "no new images in " + config.incoming() + " after " + (watermark == null ? "the beginning" : watermark)
                    + " up to " + lastDay + "; production model " + productionId + " stays";
            LOG.info("{}", why);
            return new RunRecord(runId, started, clock.instant().toString(), owner, RunRecord.NO_NEW_DATA, why,
                    null, null, null, null, null);
        }
        List<ImageRef> pool = new ArrayList<>(data.olderImages());
        if (config.baseImages() != null) {
            pool.addAll(ImageListing.list(config.baseImages(), "base/", settings));
        }
        List<ImageRef> replay = ReplaySample.draw(pool, config.replayImages(), config.seed() * 31 + data.through().toEpochDay());
        LOG.info("retrain {}: {} new images from {} day(s) {}, {} replayed of {}, from production model {}", runId,
                data.newImages().size(), data.newDays().size(), data.newDays(), replay.size(), pool.size(), productionId);

        RetrainPlan plan = new RetrainPlan(runId, new CheckpointRef(production.uri().resolve("."), production.step()),
                data.newImages(), replay, config.recipe(), config.resetOptimizer(),
                store.storage().resolve("runs/" + runId).toUri(), settings);
        TrainedCandidate trained = trainer.fineTune(plan);

        lease.checkHeld();
        importCandidate(store, runId, trained.checkpoint());
        if (trained.checkpoint().runFolder().equals(plan.runFolder())) {
            dropCheckpoints(store, plan.runFolder());
        }
        ValidationScores scores = new ValidationScores(config.validationHr(), settings);
        RunRecord.Score productionScore = scores.score(store, productionId);
        RunRecord.Score candidateScore = scores.score(store, runId);
        PromotionPolicy policy = config.policy();
        String reason = policy.explain(candidateScore.psnrY(), productionScore.psnrY());
        boolean promote = policy.promotes(candidateScore.psnrY(), productionScore.psnrY());
        if (promote) {
            store.promote(runId, runId, reason, lease, clock);
        }
        LOG.info("retrain {}: {} ({})", runId, promote ? "candidate promoted" : "production kept", reason);
        RunRecord.Inputs inputs = new RunRecord.Inputs(config.incoming().toString(),
                data.newDays().stream().map(LocalDate::toString).toList(), data.newImages().size(), keys(data.newImages()),
                replay.size(), keys(replay), data.through().toString(), config.validationHr().toString(), scores.images(),
                trained.steps());
        return new RunRecord(runId, started, clock.instant().toString(), owner, promote ? RunRecord.PROMOTED : RunRecord.KEPT,
                reason, inputs, productionScore, candidateScore, policy.kind(), policy.margin());
    }

    /** Copies the trainer's checkpoint into the store as model {@code runId} (kept even if not promoted). */
    private void importCandidate(ModelStore store, String runId, CheckpointRef candidate) throws IOException {
        try (CheckpointStore source = CheckpointStore.open(candidate.runFolder(), settings)) {
            Checkpoint c = source.find(candidate.round()).orElseThrow(() -> new IOException(
                    "the trainer reported checkpoint round " + candidate.round() + " in " + candidate.runFolder()
                            + ", but it is not there complete"));
            store.importModel(runId, c, Map.of());
        }
    }

    /** Deletes the candidates that were kept out of production, all but the newest {@code keep-rejected}. */
    private void pruneRejected(ModelStore store, RunHistory history, StoreLease lease) {
        try {
            Set<String> wasProduction = new HashSet<>();
            store.productionLog().forEach(c -> wasProduction.add(c.model()));
            for (String id : RejectedCandidates.beyond(history.list(), wasProduction, config.keepRejected())) {
                if (store.find(id).isPresent()) {
                    store.delete(id, lease);
                    LOG.info("Deleted candidate {}: not promoted, and more than {} newer ones are kept", id, config.keepRejected());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete old rejected candidates from {}: {}", store.uri(), e.getMessage());
        }
    }

    /**
     * Deletes the fine-tune's checkpoints from {@code runs/<run-id>/} once the candidate is a model:
     * the run's manifest, config and metrics stay as its record.
     */
    private static void dropCheckpoints(ModelStore store, URI runFolder) {
        FileSystem fs = store.storage().fileSystem();
        try {
            for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(runFolder))) {
                if (s.isDirectory() && s.getPath().getName().startsWith("ckpt-")) {
                    fs.delete(s.getPath(), true);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the fine-tune checkpoints in {}: {}", runFolder, e.getMessage());
        }
    }

    private static List<String> keys(List<ImageRef> images) {
        return images.stream().map(ImageRef::key).toList();
    }
}
