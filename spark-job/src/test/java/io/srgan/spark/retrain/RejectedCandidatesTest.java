package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RejectedCandidatesTest {
    @Test
    void allButTheNewestRejectedCandidatesAgeOutUnlessTheyWereEverProduction() {
        List<RunRecord> history = List.of(run("r1", RunRecord.KEPT), run("r2", RunRecord.PROMOTED), run("r3", RunRecord.KEPT),
                run("r4", RunRecord.KEPT), run("r5", RunRecord.REFUSED), run("r6", RunRecord.KEPT));
        // r3 was promoted by hand later
        assertEquals(List.of("r1", "r4"), RejectedCandidates.beyond(history, Set.of("r2", "r3"), 1));
        assertEquals(List.of(), RejectedCandidates.beyond(history, Set.of("r2", "r3"), 5));
        assertEquals(List.of("r1", "r4", "r6"), RejectedCandidates.beyond(history, Set.of("r2", "r3"), 0));
    }

    private static RunRecord run(String id, String decision) {
        RunRecord.Score score = RunRecord.REFUSED.equals(decision) ? null : new RunRecord.Score(id, 20, 0.5);
        return new RunRecord(id, null, null, null, decision, "", null, null, score, null, null, null);
    }
}
