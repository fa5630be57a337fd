package io.srgan.spark.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which candidates that were kept out of production have aged out of the store. */
final class RejectedCandidates {
    private RejectedCandidates() {
    }

    /**
     * The candidate model ids of {@code kept} runs, oldest first, except the newest {@code keep} and
     * any that was ever production (a manual promotion may have made one production later).
     */
    static List<String> beyond(List<RunRecord> history, Set<String> wasProduction, int keep) {
        List<String> rejected = new ArrayList<>();
        for (RunRecord r : history) { // oldest first: run ids sort by start time
            if (RunRecord.KEPT.equals(r.decision()) && r.candidate() != null && !wasProduction.contains(r.candidate().model())) {
                rejected.add(r.candidate().model());
            }
        }
        return rejected.subList(0, Math.max(0, rejected.size() - keep));
    }
}
