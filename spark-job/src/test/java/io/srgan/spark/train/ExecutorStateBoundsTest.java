package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.srgan.core.train.GanTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What executors keep between rounds stays bounded, however many runs, partitions and rate changes they see. */
class ExecutorStateBoundsTest {

    @Test
    void keepLocalMomentsHoldOnlyTheNewestRoundOfTheNewestRun() {
        StateArrays m = new StateArrays(new String[] {"adam_g/m/x"}, new long[][] {{2}}, new float[][] {{1, 2}}, Map.of());
        for (int p = 0; p < 8; p++) LocalOptimizerStates.put("run-a", p, 10, m); // an executor that ran many partitions
        assertEquals(8, LocalOptimizerStates.size());
        LocalOptimizerStates.put("run-a", 3, 20, m); // the next round: older entries can never be used again
        assertEquals(1, LocalOptimizerStates.size());
        assertNotNull(LocalOptimizerStates.get("run-a", 3, 20));
        assertNull(LocalOptimizerStates.get("run-a", 4, 10));
        LocalOptimizerStates.put("run-b", 0, 5, m); // a new run in the same executor
        assertEquals(1, LocalOptimizerStates.size());
        assertNull(LocalOptimizerStates.get("run-a", 3, 20));
    }

    @Test
    void idleTrainersAreKeptForTheNewestSetupsOnly() {
        String config = TinyRuns.config(3).rendered();
        for (double scale : new double[] {1, 0.5, 0.25, 0.125}) { // e.g. rates halved after divergences
            GanTrainer a = ExecutorTrainers.borrow(config, scale, null);
            GanTrainer b = ExecutorTrainers.borrow(config, scale, null);
            ExecutorTrainers.giveBack(config, scale, a);
            ExecutorTrainers.giveBack(config, scale, b);
        }
        assertEquals(2 * ExecutorTrainers.KEPT_SETUPS, ExecutorTrainers.idle());
    }
}
