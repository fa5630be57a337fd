package io.srgan.spark.retrain;

import io.srgan.spark.models.LeaseOwner;
import java.util.List;

/**
 * One retrain run, as {@code STORE/history/<run-id>.json} records it. Absent parts are left out
 * (a refused run has no inputs, a run without new data no scores).
 *
 * @param decision    one of {@link #PROMOTED}, {@link #KEPT}, {@link #NO_NEW_DATA}, {@link #REFUSED}, {@link #FAILED},
 *                    or {@link #RUNNING} while the run is at work
 * @param reason      the decision in words: the comparison with its numbers, the lease holder, the error
 * @param production  the production model's score on the validation set
 * @param candidate   the candidate's score (its model id is the run id)
 * @param startedFrom the production model the fine-tune started from, and which the candidate may replace
 */
public record RunRecord(String runId, String startedAt, String finishedAt, LeaseOwner owner, String decision, String reason,
                        Inputs inputs, Score production, Score candidate, String policy, Double margin, String startedFrom) {
    public static final String PROMOTED = "promoted";
    public static final String KEPT = "kept";
    public static final String NO_NEW_DATA = "no-new-data";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";
    /**
     * The run has claimed its days and is training or storing its result. A record left so by a run that
     * was killed (or failed after storing its candidate) is taken over by the next run: completed if the
     * candidate is in the store, else marked {@link #FAILED} so that its days are trained again.
     */
    public static final String RUNNING = "running";

    /** A run that trained consumed its new days, whichever model won. */
    public boolean consumedData() {
        return PROMOTED.equals(decision) || KEPT.equals(decision);
    }

    public boolean running() {
        return RUNNING.equals(decision);
    }

    /** This record with another decision and reason, finished now ({@code finishedAt}). */
    public RunRecord decided(String newDecision, String newReason, String finishedAt) {
        return new RunRecord(runId, startedAt, finishedAt, owner, newDecision, newReason, inputs, production, candidate,
                policy, margin, startedFrom);
    }

    /** This record with the validation scores, how many images they are the mean of, and the policy that judged them. */
    public RunRecord scored(Score newProduction, Score newCandidate, int validationImages, PromotionPolicy judgedBy) {
        Inputs in = inputs == null ? null : new Inputs(inputs.incoming(), inputs.newDays(), inputs.newImages(),
                inputs.newImageKeys(), inputs.replayImages(), inputs.replayImageKeys(), inputs.consumedThrough(),
                inputs.validation(), validationImages, inputs.steps());
        return new RunRecord(runId, startedAt, finishedAt, owner, decision, reason, in, newProduction, newCandidate,
                judgedBy.kind(), judgedBy.margin(), startedFrom);
    }

    /** This record with the number of training steps the fine-tune ran. */
    public RunRecord trainedFor(long steps) {
        Inputs in = new Inputs(inputs.incoming(), inputs.newDays(), inputs.newImages(), inputs.newImageKeys(),
                inputs.replayImages(), inputs.replayImageKeys(), inputs.consumedThrough(), inputs.validation(),
                inputs.validationImages(), steps);
        return new RunRecord(runId, startedAt, finishedAt, owner, decision, reason, in, production, candidate, policy, margin,
                startedFrom);
    }

    /**
     * What a run trained on.
     *
     * @param consumedThrough the last incoming day consumed (YYYY-MM-DD): the next run starts after it
     */
    public record Inputs(String incoming, List<String> newDays, int newImages, List<String> newImageKeys, int replayImages,
                         List<String> replayImageKeys, String consumedThrough, String validation, Integer validationImages,
                         Long steps) {
    }

    /** A model's mean scores on the validation set (PSNR/SSIM on Y, the EDSR protocol). */
    public record Score(String model, double psnrY, double ssimY) {
    }
}
