package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The ETA counts the steps this execution made, however many a round takes. */
class ProgressTest {
    @Test
    void etaFollowsThePaceOfTheStepsSinceTheStart() {
        Progress fresh = new Progress(200, 50);
        fresh.startAt(0);
        assertEquals(30.0, fresh.eta(50, 10.0), 1e-9, "50 steps in 10 s: 150 more take 30 s");
        Progress resumed = new Progress(300, 50);
        resumed.startAt(100);
        assertEquals(150.0, resumed.eta(150, 50.0), 1e-9, "50 steps since the resume in 50 s: 150 more take 150 s");
    }
}
