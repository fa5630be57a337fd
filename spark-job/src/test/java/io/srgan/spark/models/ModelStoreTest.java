package io.srgan.spark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.TestStorage;
import io.srgan.spark.testing.UntrainedRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Models, promotion and rollback on each real store, with checkpoints of real (tiny) trainers. */
class ModelStoreTest {
    private static final LeaseSettings LEASE = new LeaseSettings(Duration.ofMinutes(5), Duration.ofMillis(300));

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void promotionsMoveThePointerAndRollbackRestoresThePreviousModel(TestStorage storage) throws Exception {
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        try (ModelStore store = ModelStore.open(storage.newFolder("store"), storage.settings());
             StoreLease lease = store.lock(new LeaseOwner("h", 1, "test"), LEASE, Clock.systemUTC())) {
            for (String id : List.of("a", "b", "c")) {
                try (CheckpointStore source = tinyRun(runs.resolve(id), id.charAt(0))) {
                    Checkpoint c = source.latest().orElseThrow();
                    ModelEntry e = store.importModel(id, c, Map.of("retrain_psnr_y", 20.0 + id.charAt(0)));
                    assertEquals(c.round(), e.step());
                    assertEquals(20.0 + id.charAt(0), e.metrics().get("retrain_psnr_y"));
                }
            }
            assertEquals(List.of("a", "b", "c"), store.list().stream().map(ModelEntry::id).toList());
            assertThrows(FileAlreadyExistsException.class, () -> {
                try (CheckpointStore source = tinyRun(runs.resolve("a2"), 'x')) {
                    store.importModel("a", source.latest().orElseThrow(), Map.of());
                }
            });
            assertTrue(store.production().isEmpty());

            store.promote("a", "test", "first", lease, Clock.systemUTC());
            store.promote("b", "test", "second", lease, Clock.systemUTC());
            store.promote("c", "test", "third", lease, Clock.systemUTC());
            assertEquals("c", store.production().orElseThrow().model());

            ProductionChange back = store.rollback("test", "c is bad", lease, Clock.systemUTC());
            assertEquals("b", back.model());
            assertEquals("c", back.previous());
            assertSameWeights(store.generator("b"), store.generator(store.production().orElseThrow().model()));
            assertEquals("a", store.rollback("test", "b is bad too", lease, Clock.systemUTC()).model());
            IllegalStateException first = assertThrows(IllegalStateException.class,
                    () -> store.rollback("test", "again", lease, Clock.systemUTC()));
            assertTrue(first.getMessage().contains("first production model"), first.getMessage());
            assertEquals(List.of("a", "b", "c", "b", "a"), store.productionLog().stream().map(ProductionChange::model).toList());

            IllegalArgumentException kept = assertThrows(IllegalArgumentException.class, () -> store.delete("c", lease));
            assertTrue(kept.getMessage().contains("kept for rollbacks"), kept.getMessage());
            try (CheckpointStore source = tinyRun(runs.resolve("d"), 'd')) {
                store.importModel("d", source.latest().orElseThrow(), Map.of());
            }
            store.delete("d", lease);
            assertEquals(List.of("a", "b", "c"), store.list().stream().map(ModelEntry::id).toList());

            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> store.promote("nope", "test", "", lease, Clock.systemUTC()));
            assertTrue(missing.getMessage().contains("no complete model 'nope'"), missing.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void thePointerDoesNotMoveWithoutTheLease(TestStorage storage) throws Exception {
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        try (ModelStore store = ModelStore.open(storage.newFolder("store"), storage.settings());
             CheckpointStore source = tinyRun(runs.resolve("a"), 'a')) {
            store.importModel("a", source.latest().orElseThrow(), Map.of());
            StoreLease lease = store.lock(new LeaseOwner("h", 1, "test"), LEASE, Clock.systemUTC());
            lease.close();
            assertThrows(LeaseLostException.class, () -> store.promote("a", "test", "", lease, Clock.systemUTC()));
            assertTrue(store.production().isEmpty());
        }
    }

    private static CheckpointStore tinyRun(Path dir, long seed) throws Exception {
        return CheckpointStore.open(UntrainedRuns.untrained(dir, UntrainedRuns.config(seed)).toUri(), HadoopSettings.empty());
    }

    private static void assertSameWeights(Generator expected, Generator actual) {
        expected.params().forEach((name, p) -> assertEquals(p.value(), actual.params().get(name).value(), name));
    }
}
