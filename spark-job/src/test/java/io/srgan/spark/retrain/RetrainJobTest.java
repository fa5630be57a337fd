package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.config.ConfigException;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.ProductionChange;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole retrain runs on a local store with real (tiny) training on Spark: promotion, refusal, records. */
@ExtendWith(LocalSpark.class)
class RetrainJobTest {
    @BeforeEach
    void sparkFirst(JavaSparkContext spark) {
        // the test JVM's one SparkContext (local[2]), which the training job then finds and uses
    }


    private static RetrainFixture fixture(String label) throws Exception {
        Path dir = BuildDirs.newFolder("retrain", label + "-");
        return new RetrainFixture(dir.toUri(), HadoopSettings.empty(), dir);
    }

    @Test
    void aBetterCandidateIsPromotedAndItsDaysAreNotConsumedTwice() throws Exception {
        RetrainFixture f = fixture("better").incomingDay("2025-02-28", 0, 3).incomingDay("2025-03-01", 3, 4)
                .incomingDay("2025-03-02", 7, 2); // today: not consumed by a night run
        f.untrainedProduction("initial", Path.of(f.base));

        RunRecord r = f.job().run();

        assertEquals(RunRecord.PROMOTED, r.decision(), r.reason());
        assertTrue(r.candidate().psnrY() >= r.production().psnrY() + 0.01, r.reason());
        assertEquals("initial", r.production().model());
        assertEquals(r.runId(), r.candidate().model());
        assertEquals(List.of("2025-02-28", "2025-03-01"), r.inputs().newDays());
        assertEquals(7, r.inputs().newImages());
        assertEquals("2025-03-01", r.inputs().consumedThrough());
        assertEquals(2, r.inputs().validationImages());
        try (ModelStore store = f.openStore()) {
            ProductionChange p = store.production().orElseThrow();
            assertEquals(r.runId(), p.model());
            assertEquals("initial", p.previous());
            assertEquals(List.of(r), new RunHistory(store.storage()).list());
        }

        RunRecord again = f.job().run();
        assertEquals(RunRecord.NO_NEW_DATA, again.decision(), again.reason());
    }

    @Test
    void aWorseCandidateIsKeptOutOfProductionButStored() throws Exception {
        RetrainFixture f = fixture("worse").incomingDay("2025-03-01", 0, 4)
                .set("optimizer.generator.lr=0.5"); // a fine-tune that diverges
        f.untrainedProduction("initial", Path.of(f.base));

        RunRecord r = f.job().run();

        assertEquals(RunRecord.KEPT, r.decision(), r.reason());
        assertTrue(r.candidate().psnrY() < r.production().psnrY(), r.reason());
        try (ModelStore store = f.openStore()) {
            assertEquals("initial", store.production().orElseThrow().model());
            assertTrue(store.find(r.runId()).isPresent(), "the kept-out candidate stays in the store for inspection");
        }

        f.incomingDay("2025-03-02", 4, 2).set("retrain.keep-rejected=1");
        RunRecord next = f.jobDaysLater(1).run();
        assertEquals(RunRecord.KEPT, next.decision(), next.reason());
        assertEquals(List.of("2025-03-02"), next.inputs().newDays());
        assertEquals(2, next.inputs().replayImages(), "replayed from the day consumed before");
        assertTrue(next.inputs().replayImageKeys().stream().allMatch(k -> k.startsWith("2025-03-01/")), next.inputs().toString());
        try (ModelStore store = f.openStore()) {
            assertTrue(store.find(r.runId()).isEmpty(), "beyond keep-rejected=1 the older rejected candidate is deleted");
            assertTrue(store.find(next.runId()).isPresent());
            assertTrue(store.find("initial").isPresent());
        }
    }

    @Test
    void ofTwoConcurrentRunsOneRefusesAndBothAreRecorded() throws Exception {
        RetrainFixture f = fixture("concurrent").incomingDay("2025-03-01", 0, 4);
        f.untrainedProduction("initial", Path.of(f.base));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RunRecord> records = new ArrayList<>();
        try {
            List<Future<RunRecord>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RetrainJob job = f.job();
                runs.add(pool.submit(() -> {
                    start.await();
                    return job.run();
                }));
            }
            for (Future<RunRecord> run : runs) {
                records.add(run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> decisions = records.stream().map(RunRecord::decision).sorted().toList();
        assertEquals(1, decisions.stream().filter(RunRecord.REFUSED::equals).count(), decisions.toString());
        RunRecord refused = records.stream().filter(r -> r.decision().equals(RunRecord.REFUSED)).findFirst().orElseThrow();
        RunRecord done = records.stream().filter(r -> !r.decision().equals(RunRecord.REFUSED)).findFirst().orElseThrow();
        assertTrue(refused.reason().contains(done.runId()), refused.reason());
        assertNotNull(done.candidate());
        try (ModelStore store = f.openStore()) {
            List<String> recorded = new RunHistory(store.storage()).list().stream().map(RunRecord::runId).sorted().toList();
            assertEquals(records.stream().map(RunRecord::runId).sorted().toList(), recorded);
            String expected = done.decision().equals(RunRecord.PROMOTED) ? done.runId() : "initial";
            assertEquals(expected, store.production().orElseThrow().model());
        }
    }

    @Test
    void aRunWithoutProductionModelFailsAndIsRecorded() throws Exception {
        RetrainFixture f = fixture("no-production").incomingDay("2025-03-01", 0, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.job().run());
        assertTrue(e.getMessage().contains("models import"), e.getMessage());
        try (ModelStore store = f.openStore()) {
            List<RunRecord> history = new RunHistory(store.storage()).list();
            assertEquals(1, history.size());
            assertEquals(RunRecord.FAILED, history.get(0).decision());
            assertFalse(StoreLeaseHeld.now(store), "the failed run released the lease");
        }
    }

    @Test
    void aRecipeWithOtherNetworksThanProductionFailsBeforeTraining() throws Exception {
        RetrainFixture f = fixture("mismatch").incomingDay("2025-03-01", 0, 1);
        f.untrainedProduction("initial", Path.of(f.base));
        f.set("generator.channels=8");
        ConfigException e = assertThrows(ConfigException.class, () -> f.job(plan -> {
            throw new AssertionError("must not train");
        }).run());
        assertTrue(e.getMessage().contains("srgan.generator"), e.getMessage());
    }
}
