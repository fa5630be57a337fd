package io.srgan.spark.retrain;

import io.srgan.spark.models.LeaseOwner;
import java.util.List;

/**
 * One retrain run, as {@code STORE/history/<run-id>.json} records it. Absent parts are left out
 * (a refused run has no inputs, a run without new data no scores).
 *
 * @param decision   one of {@link #PROMOTED}, {@link #KEPT}, {@link #NO_NEW_DATA}, {@link #REFUSED}, {@link #FAILED}
 * @param reason     the decision in words: the comparison with its numbers, the lease holder, the error
 * @param production the production model's score on the validation set
 * @param candidate  the candidate's score (its model id is the run id)
 */
public record RunRecord(String runId, String startedAt, String finishedAt, LeaseOwner owner, String decision, String reason,
                        Inputs inputs, Score production, Score candidate, String policy, Double margin) {
    public static final String PROMOTED = "promoted";
    public static final String KEPT = "kept";
    public static final String NO_NEW_DATA = "no-new-data";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    /** A run that trained consumed its new days, whichever model won. */
    public boolean consumedData() {
        return PROMOTED.equals(decision) || KEPT.equals(decision);
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
