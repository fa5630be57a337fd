package io.srgan.spark.retrain;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseHeldException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.models.StoreLock;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain run: take the retraining lease, find the days that arrived since the last run, fine-tune
 * the production model on them plus a replay sample ({@link CandidateTrainer}), store the candidate
 * as a model, score candidate and production on the fixed validation set, and move the production
 * pointer if the policy says so ({@link RetrainSteps}). The store lease is taken only for the moments
 * the store changes, so {@code models promote|rollback} work while a run trains. A run left unfinished
 * by a killed process is first completed or given up. Every run, refused and failed ones included,
 * leaves a {@link RunRecord}.
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
            StoreLease retraining;
            try {
                retraining = store.lock(StoreLock.RETRAINING, owner, config.lease(), clock);
            } catch (LeaseHeldException e) {
                RunRecord refused = new RunRecord(runId, started, clock.instant().toString(), owner, RunRecord.REFUSED,
                        e.getMessage(), null, null, null, null, null, null);
                new RunHistory(store.storage()).append(refused);
                LOG.warn("{}", e.getMessage());
                return refused;
            }
            try (retraining) {
                return run(steps(store, retraining, owner), runId, started);
            }
        }
    }

    /** The steps of a run in this job's settings, for a process holding {@code retraining}. */
    RetrainSteps steps(ModelStore store, StoreLease retraining, LeaseOwner owner) {
        return new RetrainSteps(config, trainer, settings, clock, store, retraining, owner);
    }

    private static RunRecord run(RetrainSteps steps, String runId, String started) throws IOException {
        RunRecord current = null;
        try {
            Optional<RunRecord> unfinished = steps.takeOverUnfinished(runId);
            if (unfinished.isPresent()) {
                current = unfinished.get();
                return steps.record(steps.promote(current));
            }
            RetrainSteps.Claim claim = steps.claim(runId, started);
            if (!claim.trains()) {
                steps.housekeeping();
                return claim.record();
            }
            current = claim.record();
            TrainedCandidate trained = steps.train(claim.plan());
            current = steps.storeCandidate(current, trained);
            return steps.record(steps.promote(current));
        } catch (IOException | RuntimeException e) {
            steps.recordFailure(runId, started, current, e);
            throw e;
        }
    }
}
