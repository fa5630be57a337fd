package io.srgan.spark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.TestStorage;
import io.srgan.spark.testing.UntrainedRuns;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
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
                    assertEquals(c.step(), e.step());
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

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void writersThatBothBelieveTheyHoldTheLeaseLoseNoProductionChange(TestStorage storage) throws Exception {
        // Two processes that both pass their lease check (the object-store overlap VerifiedPutCreate
        // describes) are made here with leases on two other folders: both checks pass, as in that overlap.
        URI folder = storage.newFolder("overlap");
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        List<String> ids = List.of("a", "b", "c");
        try (ModelStore setup = ModelStore.open(folder, storage.settings())) {
            for (String id : ids) {
                try (CheckpointStore source = tinyRun(runs.resolve(id), id.charAt(0))) {
                    setup.importModel(id, source.latest().orElseThrow(), Map.of());
                }
            }
        }
        int writers = 2;
        int changesEach = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<ModelStore> stores = new ArrayList<>();
        List<Storage> leaseFolders = new ArrayList<>();
        List<StoreLease> leases = new ArrayList<>();
        try {
            List<Future<Integer>> made = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ModelStore store = ModelStore.open(folder, storage.settings()); // one client each, as processes have
                stores.add(store);
                Storage elsewhere = Storage.open(storage.newFolder("lease-" + w), storage.settings());
                leaseFolders.add(elsewhere);
                StoreLease lease = StoreLease.acquire(elsewhere, new LeaseOwner("h", w, "writer-" + w), LEASE, Clock.systemUTC());
                leases.add(lease);
                int offset = w;
                made.add(pool.submit(() -> {
                    start.await();
                    int promoted = 0;
                    for (int i = 0; i < changesEach; i++) {
                        try {
                            store.promote(ids.get((i + offset) % ids.size()), "writer-" + offset, "overlap", lease, Clock.systemUTC());
                            promoted++;
                        } catch (IllegalArgumentException alreadyProduction) {
                            // the other writer made it production just before
                        }
                    }
                    return promoted;
                }));
            }
            int total = 0;
            for (Future<Integer> f : made) {
                total += f.get();
            }
            try (ModelStore reader = ModelStore.open(folder, storage.settings())) {
                List<ProductionChange> log = reader.productionLog();
                assertEquals(total, log.size(), "every change made is in the history: " + log);
                for (int i = 1; i < log.size(); i++) {
                    assertEquals(log.get(i - 1).model(), log.get(i).previous(), "each change was decided on the one before it: " + log);
                }
            }
        } finally {
            pool.shutdownNow();
            for (StoreLease l : leases) {
                l.close();
            }
            for (AutoCloseable c : leaseFolders) {
                c.close();
            }
            for (ModelStore s : stores) {
                s.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void theHistoryGrowsByOneObjectPerChangeAfterTheLinesOfAnOlderStore(TestStorage storage) throws Exception {
        URI folder = storage.newFolder("legacy");
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        try (ModelStore store = ModelStore.open(folder, storage.settings());
             StoreLease lease = store.lock(new LeaseOwner("h", 1, "test"), LEASE, Clock.systemUTC())) {
            for (String id : List.of("a", "b", "c")) {
                try (CheckpointStore source = tinyRun(runs.resolve(id), id.charAt(0))) {
                    store.importModel(id, source.latest().orElseThrow(), Map.of());
                }
            }
            // production.jsonl as stores written before the append-only history have it
            String legacy = "{\"model\":\"a\",\"action\":\"promote\",\"at\":\"2025-01-01T00:00:00Z\",\"by\":\"old\",\"reason\":\"1\"}\n"
                    + "{\"model\":\"b\",\"previous\":\"a\",\"action\":\"promote\",\"at\":\"2025-01-02T00:00:00Z\",\"by\":\"old\",\"reason\":\"2\"}\n";
            FileSystem fs = store.storage().fileSystem();
            try (var out = fs.create(store.storage().resolve("production.jsonl"))) {
                out.write(legacy.getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("b", store.production().orElseThrow().model());

            store.promote("c", "test", "third", lease, Clock.systemUTC());
            assertEquals(List.of("a", "b", "c"), store.productionLog().stream().map(ProductionChange::model).toList());
            assertEquals("b", store.productionLog().get(2).previous());
            assertEquals("b", store.rollback("test", "c is bad", lease, Clock.systemUTC()).model());
            assertEquals(legacy, new String(fs.open(store.storage().resolve("production.jsonl")).readAllBytes(),
                    StandardCharsets.UTF_8), "the old file is never rewritten");
            List<String> objects = Arrays.stream(fs.listStatus(store.storage().resolve("production")))
                    .map(st -> st.getPath().getName()).sorted().toList();
            assertEquals(List.of("000000000003.json", "000000000004.json"), objects, "one object per change, numbered on");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void temporariesOfKilledWritersAreDeletedOnceStale(TestStorage storage) throws Exception {
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        try (ModelStore store = ModelStore.open(storage.newFolder("tmp"), storage.settings());
             StoreLease lease = store.lock(new LeaseOwner("h", 1, "test"), LEASE, Clock.systemUTC());
             CheckpointStore source = tinyRun(runs.resolve("a"), 'a')) {
            store.importModel("a", source.latest().orElseThrow(), Map.of());
            store.promote("a", "test", "first", lease, Clock.systemUTC());
            FileSystem fs = store.storage().fileSystem();
            List<String> leftovers = List.of("_tmp-production.jsonl-1", "history/_tmp-run.json-2", "production/_tmp-000000000002.json-3",
                    "lease/_tmp-000000000002.json-4", "retrain/lease/_tmp-000000000001.json-5", "models/a/_tmp-ckpt-00000007-6/state.npz",
                    "runs/r1/_tmp-ckpt-00000010-7/meta.json");
            for (String name : leftovers) {
                try (var out = fs.create(store.storage().resolve(name))) {
                    out.write(1);
                }
            }
            String kept = "history/r1.json";
            try (var out = fs.create(store.storage().resolve(kept))) {
                out.write('{');
            }

            assertEquals(List.of(), store.deleteStaleTemporaries(lease, Clock.systemUTC()), "fresh temporaries may be a live writer's");
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(7));
            List<String> deleted = store.deleteStaleTemporaries(lease, later).stream()
                    .map(p -> store.storage().root().toUri().relativize(p.toUri()).toString()).sorted().toList();
            assertEquals(leftovers.stream().map(n -> n.contains("/_tmp-ckpt") ? n.substring(0, n.lastIndexOf('/')) : n).sorted().toList(),
                    deleted);
            for (String name : leftovers) {
                assertFalse(fs.exists(store.storage().resolve(name)), name);
            }
            assertTrue(fs.exists(store.storage().resolve(kept)));
            assertEquals("a", store.production().orElseThrow().model());
            store.checkpoint("a").orElseThrow().verify();
        }
    }

    @org.junit.jupiter.api.Test
    void aStoreReadsAllItsModelsThroughOneFileSystemClient() throws Exception {
        Path runs = BuildDirs.newFolder("model-store", "runs-");
        HadoopSettings counted = HadoopSettings.of(Map.of("fs.file.impl", CountingLocalFileSystem.class.getName(),
                "fs.file.impl.disable.cache", "true"));
        CountingLocalFileSystem.OPENED.set(0);
        CountingLocalFileSystem.CLOSED.set(0);
        List<String> ids = List.of("a", "b", "c", "d");
        try (ModelStore store = ModelStore.open(runs.resolve("store").toUri(), counted);
             StoreLease lease = store.lock(new LeaseOwner("h", 1, "test"), LEASE, Clock.systemUTC())) {
            for (String id : ids) {
                try (CheckpointStore source = tinyRun(runs.resolve(id), id.charAt(0))) {
                    store.importModel(id, source.latest().orElseThrow(), Map.of());
                }
            }
            store.promote("a", "test", "", lease, Clock.systemUTC());
            assertEquals(ids, store.list().stream().map(ModelEntry::id).toList());
            for (String id : ids) {
                store.meta(id);
                store.generator(id);
                store.checkpoint(id).orElseThrow().verify();
            }
            store.delete("d", lease);
            assertEquals(1, CountingLocalFileSystem.OPENED.get(), "one client for the store, however many models it has");
        }
        assertEquals(CountingLocalFileSystem.OPENED.get(), CountingLocalFileSystem.CLOSED.get(), "and it is closed with the store");
    }

    /** The local file system, counting the instances Hadoop creates and closes (named in {@code fs.file.impl}). */
    public static final class CountingLocalFileSystem extends LocalFileSystem {
        static final AtomicInteger OPENED = new AtomicInteger();
        static final AtomicInteger CLOSED = new AtomicInteger();

        @Override
        public void initialize(URI name, Configuration conf) throws IOException {
            super.initialize(name, conf);
            OPENED.incrementAndGet();
        }

        @Override
        public void close() throws IOException {
            super.close();
            CLOSED.incrementAndGet();
        }
    }

    private static CheckpointStore tinyRun(Path dir, long seed) throws Exception {
        return CheckpointStore.open(UntrainedRuns.untrained(dir, UntrainedRuns.config(seed)).toUri(), HadoopSettings.empty());
    }

    private static void assertSameWeights(Generator expected, Generator actual) {
        expected.params().forEach((name, p) -> assertEquals(p.value(), actual.params().get(name).value(), name));
    }
}
