package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.config.ConfigException;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.LeaseHeldException;
import io.srgan.spark.models.LeaseOwner;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.models.ProductionChange;
import io.srgan.spark.models.StoreLease;
import io.srgan.spark.models.StoreLock;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
    void anOperatorCanPromoteWhileARunTrainsAndTheRunThenLeavesProductionAlone() throws Exception {
        RetrainFixture f = fixture("store-free").incomingDay("2025-03-01", 0, 4);
        f.untrainedProduction("initial", Path.of(f.base));
        f.untrainedModel("manual", Path.of(f.base), 7);
        CandidateTrainer operatorMeanwhile = plan -> {
            try (ModelStore store = f.openStore(); // at the run's time, so that a lease the run holds is not expired
                 StoreLease lease = store.lock(new LeaseOwner("ops", 2, "models promote"), f.config().lease(), RetrainFixture.NIGHT)) {
                store.promote("manual", "models promote", "by hand, during a retrain", lease, RetrainFixture.NIGHT);
            } catch (LeaseHeldException e) {
                throw new AssertionError("the store is locked while the run trains: " + e.getMessage(), e);
            }
            return new SparkCandidateTrainer().fineTune(plan);
        };

        RunRecord r = f.job(operatorMeanwhile).run();

        assertEquals(RunRecord.KEPT, r.decision(), r.reason());
        assertTrue(r.candidate().psnrY() >= r.production().psnrY() + 0.01, "better than the model it started from: " + r.reason());
        assertEquals("initial", r.production().model());
        assertTrue(r.reason().contains("not promoted: production is now manual, not initial"), r.reason());
        try (ModelStore store = f.openStore()) {
            assertEquals("manual", store.production().orElseThrow().model(), "the operator's promotion stands");
            assertTrue(store.find(r.runId()).isPresent(), "the candidate is kept for a manual promotion");
        }
    }

    @Test
    void aRunKilledBetweenItsPromotionAndItsRecordIsCompletedAsIfUninterrupted() throws Exception {
        RetrainFixture whole = fixture("uninterrupted").incomingDay("2025-02-28", 0, 3).incomingDay("2025-03-01", 3, 4);
        whole.untrainedProduction("initial", Path.of(whole.base));
        RunRecord uninterrupted = whole.job().run();
        assertEquals(RunRecord.PROMOTED, uninterrupted.decision(), uninterrupted.reason());

        RetrainFixture f = fixture("killed-promoted").incomingDay("2025-02-28", 0, 3).incomingDay("2025-03-01", 3, 4);
        f.untrainedProduction("initial", Path.of(f.base));
        LeaseOwner killed = new LeaseOwner("host-k", 99, "20250302T020000Z-killed");
        try (ModelStore store = f.openStore()) {
            // every step up to the promotion, then the process dies: no record, no lease released
            StoreLease retraining = store.lock(StoreLock.RETRAINING, killed, f.config().lease(), RetrainFixture.NIGHT);
            RetrainSteps steps = f.job().steps(store, retraining, killed);
            RetrainSteps.Claim claim = steps.claim(killed.run(), RetrainFixture.NIGHT.instant().toString());
            RunRecord decided = steps.promote(steps.storeCandidate(claim.record(), steps.train(claim.plan())));
            assertEquals(RunRecord.PROMOTED, decided.decision(), decided.reason());
            assertEquals(killed.run(), store.production().orElseThrow().model());
            assertEquals(RunRecord.RUNNING, new RunHistory(store.storage()).list().get(0).decision());
        }

        RunRecord completed = f.jobAt(Clock.offset(RetrainFixture.NIGHT, f.config().lease().ttl().plusMinutes(1))).run();

        assertEquals(killed.run(), completed.runId(), "the next run completes the killed one instead of training again");
        assertEquals(RunRecord.PROMOTED, completed.decision(), completed.reason());
        assertEquals(storeState(whole, uninterrupted.runId()), storeState(f, killed.run()));
    }

    @Test
    void aRunThatFailsAfterStoringItsCandidateIsCompletedByTheNextWithoutTrainingAgain() throws Exception {
        RetrainFixture f = fixture("failed-stored").incomingDay("2025-03-01", 0, 4);
        f.untrainedProduction("initial", Path.of(f.base));
        RetrainJob withoutValidationSet = f.set("retrain.validation-hr=\"" + f.base.resolve("missing-validation/") + "\"").job();
        f.set("retrain.validation-hr=\"" + f.base.resolve("validation/") + "\"");

        IOException e = assertThrows(IOException.class, withoutValidationSet::run);
        assertTrue(e.getMessage().contains("missing-validation"), e.getMessage());
        String runId;
        try (ModelStore store = f.openStore()) {
            RunRecord interrupted = new RunHistory(store.storage()).list().get(0);
            assertEquals(RunRecord.RUNNING, interrupted.decision(), interrupted.reason());
            assertTrue(interrupted.reason().contains("interrupted after storing its candidate"), interrupted.reason());
            runId = interrupted.runId();
            assertTrue(store.find(runId).isPresent());
            assertFalse(StoreLeaseHeld.now(store), "the failed run released the leases");
        }

        RunRecord completed = f.job(plan -> {
            throw new AssertionError("the candidate is stored already: nothing to train");
        }).run();

        assertEquals(runId, completed.runId());
        assertEquals(RunRecord.PROMOTED, completed.decision(), completed.reason());
        assertEquals(List.of("2025-03-01"), completed.inputs().newDays());
        assertEquals(2, completed.inputs().validationImages());
        try (ModelStore store = f.openStore()) {
            assertEquals(runId, store.production().orElseThrow().model());
            assertEquals(List.of(completed), new RunHistory(store.storage()).list());
        }
    }

    @Test
    void aRunKilledWhileTrainingBlocksOnlyRetrainingUntilUnlockedAndItsDaysAreTrainedAgain() throws Exception {
        RetrainFixture f = fixture("killed-training").incomingDay("2025-03-01", 0, 4);
        f.untrainedProduction("initial", Path.of(f.base));
        LeaseOwner killed = new LeaseOwner("host-k", 99, "20250302T020000Z-killed");
        try (ModelStore store = f.openStore()) {
            StoreLease retraining = store.lock(StoreLock.RETRAINING, killed, f.config().lease(), RetrainFixture.NIGHT);
            f.job().steps(store, retraining, killed).claim(killed.run(), RetrainFixture.NIGHT.instant().toString());
            // killed while training
        }
        LeaseOwner ops = new LeaseOwner("ops", 2, "models promote");
        LeaseOwner operator = new LeaseOwner("ops", 3, "models unlock");
        try (ModelStore store = f.openStore(); StoreLease lease = store.lock(ops, f.config().lease(), RetrainFixture.NIGHT)) {
            lease.checkHeld(); // the store itself is free: promote, rollback and import work
        }

        RunRecord refused = f.job().run();
        assertEquals(RunRecord.REFUSED, refused.decision(), refused.reason());
        assertTrue(refused.reason().contains("retraining on model store " + f.base.resolve("store/") + " is locked by "
                + killed + " since 2025-03-02T02:00:00Z"), refused.reason());
        assertTrue(refused.reason().contains("srgan models unlock"), refused.reason());

        try (ModelStore store = f.openStore()) { // an operator who knows the run is dead does not wait for the ttl
            assertEquals(killed, store.unlock(StoreLock.RETRAINING, operator, f.config().lease(), RetrainFixture.NIGHT)
                    .orElseThrow().owner());
        }
        RunRecord again = f.job().run();

        assertEquals(RunRecord.PROMOTED, again.decision(), again.reason());
        assertEquals(List.of("2025-03-01"), again.inputs().newDays());
        try (ModelStore store = f.openStore()) {
            RunHistory history = new RunHistory(store.storage());
            RunRecord given = history.list().stream().filter(r -> r.runId().equals(killed.run())).findFirst().orElseThrow();
            assertEquals(RunRecord.FAILED, given.decision());
            assertTrue(given.reason().contains("stopped before its candidate was stored"), given.reason());
            assertEquals(LocalDate.parse("2025-03-01"), history.consumedThrough());
            assertEquals(again.runId(), store.production().orElseThrow().model());
        }
    }

    @Test
    void aRunDeletesTheTemporariesThatKilledWritersLeft() throws Exception {
        RetrainFixture f = fixture("temporaries").incomingDay("2025-03-02", 0, 1); // today's: nothing to train on
        f.untrainedProduction("initial", Path.of(f.base));
        Path store = Path.of(f.base.resolve("store/"));
        List<Path> stale = List.of(store.resolve("_tmp-production.jsonl-" + UUID.randomUUID()),
                store.resolve("history/_tmp-20250301T020000Z-abcdef.json-" + UUID.randomUUID()),
                store.resolve("lease/_tmp-000000000009.json-" + UUID.randomUUID()));
        Path fresh = store.resolve("history/_tmp-20250302T020000Z-abcdef.json-" + UUID.randomUUID());
        for (Path p : stale) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, "{");
            Files.setLastModifiedTime(p, FileTime.from(RetrainFixture.NIGHT.instant().minus(Duration.ofDays(1))));
        }
        Files.writeString(fresh, "{"); // written now: it may be a live writer's

        RunRecord r = f.job().run();

        assertEquals(RunRecord.NO_NEW_DATA, r.decision(), r.reason());
        for (Path p : stale) {
            assertFalse(Files.exists(p), p + " is left over by a killed writer");
        }
        assertTrue(Files.exists(fresh));
    }

    /** What a night leaves in the store, with the run id and the fixture's folder written as RUN and BASE. */
    private static List<String> storeState(RetrainFixture f, String runId) throws Exception {
        List<String> state = new ArrayList<>();
        try (ModelStore store = f.openStore()) {
            store.list().forEach(m -> state.add("model " + m.id() + " step " + m.step()));
            store.productionLog().forEach(c -> state.add("production " + c.model() + " after " + c.previous() + ": " + c.action()
                    + " by " + c.by() + ", " + c.reason()));
            for (RunRecord r : new RunHistory(store.storage()).list()) {
                state.add("record " + r.runId() + " " + r.decision() + " " + r.reason() + " " + r.inputs() + " " + r.production()
                        + " " + r.candidate() + " " + r.policy() + " " + r.margin() + " from " + r.startedFrom());
            }
            FileSystem fs = store.storage().fileSystem();
            for (FileStatus run : fs.listStatus(store.storage().resolve(ModelStore.RUNS))) {
                Arrays.stream(fs.listStatus(run.getPath())).map(s -> "run file " + s.getPath().getName()).sorted().forEach(state::add);
            }
        }
        String base = Path.of(f.base).toString();
        return state.stream().map(s -> s.replace(runId, "RUN").replace(base, "BASE")).toList();
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
            assertFalse(StoreLeaseHeld.now(store), "the failed run released the leases");
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
