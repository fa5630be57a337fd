package io.srgan.spark.retrain;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointNames;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseHeldException;
import io.srgan.spark.models.LeaseLostException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelEntry;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.ProductionChange;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.models.StoreLock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a retrain run, for a process that holds the retraining lease ({@link StoreLock#RETRAINING}):
 *
 * <pre>
 *   claim    choose the days and the replay sample; record the run as running     (retraining lease)
 *   train    fine-tune; the store does not change, promote/rollback are free      (retraining lease)
 *   store    copy the candidate into models/&lt;run-id&gt;/                             (+ store lease, briefly)
 *   promote  score both models, move the production pointer if the policy says so (+ store lease, briefly)
 *   record   the final record: the run's commit point                              (retraining lease)
 * </pre>
 *
 * A run that stops after {@code store} (killed, or failed) leaves its record running, and the next run
 * completes it ({@link #takeOverUnfinished}) without repeating what is done: the candidate is not copied
 * again and a promotion this run made is not made again, so the store ends as after an uninterrupted
 * run. A run that stops before is recorded as failed and its days are trained again.
 */
final class RetrainSteps {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainSteps.class);

    private final RetrainConfig config;
    private final CandidateTrainer trainer;
    private final HadoopSettings settings;
    private final Clock clock;
    private final ModelStore store;
    private final RunHistory history;
    private final StoreLease retraining;
    private final LeaseOwner owner;

    RetrainSteps(RetrainConfig config, CandidateTrainer trainer, HadoopSettings settings, Clock clock, ModelStore store,
                 StoreLease retraining, LeaseOwner owner) {
        this.config = config;
        this.trainer = trainer;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.history = new RunHistory(store.storage());
        this.retraining = retraining;
        this.owner = owner;
    }

    /** A claimed run: its record, and the fine-tune to run; no plan when there was nothing new (the record is final). */
    record Claim(RunRecord record, RetrainPlan plan) {
        boolean trains() {
            return plan != null;
        }
    }

    /**
     * Takes over the runs that dead processes left running: returns the oldest whose candidate is in the
     * store, for this process to complete; those before it stopped before storing theirs and are
     * recorded as failed, which frees their days for a new run.
     */
    Optional<RunRecord> takeOverUnfinished(String takenOverBy) throws IOException {
        for (RunRecord r : history.unfinished()) {
            if (store.find(r.runId()).isPresent()) {
                LOG.warn("Run {} stopped after storing its candidate ({}); run {} completes it", r.runId(), r.reason(), takenOverBy);
                return Optional.of(r);
            }
            write(r.decided(RunRecord.FAILED, "stopped before its candidate was stored (last state: " + r.reason()
                    + "); the process was killed or lost the retraining lease. Run " + takenOverBy + " trains its days again",
                    clock.instant().toString()));
            dropCheckpoints(runFolder(r.runId()));
            LOG.warn("Run {} stopped before storing its candidate; recorded as failed, its days are trained again", r.runId());
        }
        return Optional.empty();
    }

    /**
     * Chooses what run {@code runId} trains on: the days after the last consumed one, a replay sample,
     * from the production model; records it as running. With nothing new, records that and returns no plan.
     */
    Claim claim(String runId, String started) throws IOException {
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
            RunRecord nothing = new RunRecord(runId, started, clock.instant().toString(), owner, RunRecord.NO_NEW_DATA, why,
                    null, null, null, null, null, null);
            write(nothing);
            return new Claim(nothing, null);
        }
        List<ImageRef> pool = new ArrayList<>(data.olderImages());
        if (config.baseImages() != null) {
            pool.addAll(ImageListing.list(config.baseImages(), "base/", settings));
        }
        List<ImageRef> replay = ReplaySample.draw(pool, config.replayImages(), config.seed() * 31 + data.through().toEpochDay());
        String what = String.format(Locale.ROOT, "fine-tuning production model %s on %d new images from %d day(s) %s and %d"
                        + " replayed of %d", productionId, data.newImages().size(), data.newDays().size(), data.newDays(),
                replay.size(), pool.size());
        LOG.info("retrain {}: {}", runId, what);
        RunRecord.Inputs inputs = new RunRecord.Inputs(config.incoming().toString(),
                data.newDays().stream().map(LocalDate::toString).toList(), data.newImages().size(), keys(data.newImages()),
                replay.size(), keys(replay), data.through().toString(), config.validationHr().toString(), null, null);
        RunRecord running = new RunRecord(runId, started, null, owner, RunRecord.RUNNING, what, inputs, null, null, null, null,
                productionId);
        write(running);
        RetrainPlan plan = new RetrainPlan(runId, new CheckpointRef(production.uri().resolve("."), production.step()),
                data.newImages(), replay, config.recipe(), config.resetOptimizer(), runFolder(runId).toUri(), settings);
        return new Claim(running, plan);
    }

    TrainedCandidate train(RetrainPlan plan) throws IOException {
        return trainer.fineTune(plan);
    }

    /** Copies the trained candidate into the store as model {@code <run-id>} and drops the fine-tune's checkpoints. */
    RunRecord storeCandidate(RunRecord run, TrainedCandidate trained) throws IOException {
        RunRecord withSteps = run.trainedFor(trained.steps());
        write(withSteps);
        CheckpointRef candidate = trained.checkpoint();
        try (CheckpointStore source = CheckpointStore.open(candidate.runFolder(), settings);
             StoreLease lease = storeLease()) {
            Checkpoint c = source.find(candidate.step()).orElseThrow(() -> new IOException(
                    "the trainer reported checkpoint step " + candidate.step() + " in " + candidate.runFolder()
                            + ", but it is not there complete"));
            retraining.checkHeld();
            lease.checkHeld();
            store.importModel(run.runId(), c, Map.of());
        }
        if (new Path(candidate.runFolder()).equals(runFolder(run.runId()))) {
            dropCheckpoints(runFolder(run.runId()));
        }
        return withSteps;
    }

    /**
     * Scores the candidate and the model it started from on the validation set and, if the policy says
     * so and that model is still production, makes the candidate production. Returns the run's final
     * record, not yet written. A promotion this run made before it was interrupted counts as made.
     */
    RunRecord promote(RunRecord run) throws IOException {
        ValidationScores scores = new ValidationScores(config.validationHr(), settings);
        RunRecord.Score production = scores.score(store, run.startedFrom());
        RunRecord.Score candidate = scores.score(store, run.runId());
        PromotionPolicy policy = config.policy();
        String reason = policy.explain(candidate.psnrY(), production.psnrY());
        String decision = RunRecord.KEPT;
        try (StoreLease lease = storeLease()) {
            retraining.checkHeld();
            if (promotedBy(run.runId())) {
                decision = RunRecord.PROMOTED;
            } else if (policy.promotes(candidate.psnrY(), production.psnrY())) {
                Optional<ProductionChange> moved = store.promoteReplacing(run.runId(), run.startedFrom(), run.runId(), reason,
                        lease, clock);
                if (moved.isPresent()) {
                    decision = RunRecord.PROMOTED;
                } else {
                    reason += "; not promoted: production is now "
                            + store.production().map(ProductionChange::model).orElse("none") + ", not " + run.startedFrom()
                            + " (moved during this run); 'srgan models promote " + run.runId() + "' promotes it by hand";
                }
            }
        }
        LOG.info("retrain {}: {} ({})", run.runId(), decision, reason);
        return run.scored(production, candidate, scores.images(), policy).decided(decision, reason, clock.instant().toString());
    }

    /** Writes the final record of a run, then tidies the store (old rejected candidates, dead writers' temporaries). */
    RunRecord record(RunRecord done) throws IOException {
        write(done);
        housekeeping();
        return done;
    }

    /**
     * Best effort, never failing the run: when the store lease is free, deletes the rejected candidates
     * beyond {@code keep-rejected} and the temporaries of killed writers.
     */
    void housekeeping() {
        try (StoreLease lease = store.lock(StoreLock.STORE, owner, config.lease(), clock)) {
            pruneRejected(lease);
            store.deleteStaleTemporaries(lease, clock);
        } catch (LeaseHeldException e) {
            LOG.info("Not tidying {} this time: {}", store.uri(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not tidy {}: {}", store.uri(), e.getMessage());
        }
    }

    /**
     * Records that run {@code runId} (or, once claimed, {@code current}) failed with {@code failure}: failed
     * if its candidate is not in the store; still running, for the next run to complete, if it is.
     * Nothing is written by a process that lost the retraining lease: the run then belongs to its new holder.
     */
    void recordFailure(String runId, String started, RunRecord current, Exception failure) {
        try {
            try {
                retraining.checkHeld();
            } catch (LeaseLostException lost) {
                LOG.error("Run {} lost the retraining lease ({}); it records nothing, the next holder takes the run over",
                        runId, lost.getMessage());
                return;
            }
            String now = clock.instant().toString();
            RunRecord r;
            if (current == null) {
                r = new RunRecord(runId, started, now, owner, RunRecord.FAILED, failure.toString(), null, null, null, null,
                        null, null);
            } else if (store.find(current.runId()).isPresent()) {
                r = current.decided(RunRecord.RUNNING, "interrupted after storing its candidate by " + failure
                        + "; the next run completes it", null);
            } else {
                r = current.decided(RunRecord.FAILED, failure.toString(), now);
            }
            history.append(r);
        } catch (IOException | RuntimeException f) {
            failure.addSuppressed(f);
        }
    }

    /** Whether this run moved the production pointer to its candidate already (before it was interrupted). */
    private boolean promotedBy(String runId) throws IOException {
        return store.productionLog().stream().anyMatch(c -> ProductionChange.PROMOTE.equals(c.action())
                && runId.equals(c.model()) && runId.equals(c.by()));
    }

    /** The store lease for a step's change; waits while a command holds it, and past a crashed holder's expiry. */
    private StoreLease storeLease() throws IOException {
        Duration patience = config.lease().ttl().multipliedBy(2);
        try {
            return store.lockWaiting(StoreLock.STORE, owner, config.lease(), clock, patience);
        } catch (LeaseHeldException e) {
            throw new IOException("waited " + patience + " for the store lease: " + e.getMessage(), e);
        }
    }

    private void write(RunRecord r) throws IOException {
        retraining.checkHeld();
        history.append(r);
    }

    /** Deletes the candidates that were kept out of production, all but the newest {@code keep-rejected}. */
    private void pruneRejected(StoreLease lease) throws IOException {
        Set<String> wasProduction = new HashSet<>();
        store.productionLog().forEach(c -> wasProduction.add(c.model()));
        for (String id : RejectedCandidates.beyond(history.list(), wasProduction, config.keepRejected())) {
            if (store.find(id).isPresent()) {
                store.delete(id, lease);
                LOG.info("Deleted candidate {}: not promoted, and more than {} newer ones are kept", id, config.keepRejected());
            }
        }
    }

    private Path runFolder(String runId) {
        return store.storage().resolve(ModelStore.RUNS + "/" + runId);
    }

    /**
     * Deletes the fine-tune's checkpoints from {@code runs/<run-id>/} once the candidate is a model (or
     * the run is given up): the run's manifest, config and metrics stay as its record.
     */
    private void dropCheckpoints(Path runFolder) {
        FileSystem fs = store.storage().fileSystem();
        try {
            for (FileStatus s : fs.listStatus(runFolder)) {
                if (s.isDirectory() && CheckpointNames.stepOf(s.getPath().getName()).isPresent()) {
                    fs.delete(s.getPath(), true);
                }
            }
        } catch (java.io.FileNotFoundException e) {
            // the trainer wrote elsewhere, or nothing yet
        } catch (IOException e) {
            LOG.warn("Could not delete the fine-tune checkpoints in {}: {}", runFolder, e.getMessage());
        }
    }

    private static List<String> keys(List<ImageRef> images) {
        return images.stream().map(ImageRef::key).toList();
    }
}
