package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.BuildDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Rules that do not depend on the store, checked on the local file system. */
class CheckpointStoreRulesTest {
    private static final StreamWriter SMALL = out -> out.write(new byte[] {1, 2, 3});

    @Test
    void commitRejectsBadArgumentsNamingThem() throws IOException {
        try (CheckpointStore store = open(new Configuration())) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> store.commit(1, Map.of("../escape.bin", SMALL), Map.of())), "'../escape.bin' is not allowed");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> store.commit(1, Map.of("MANIFEST.json", SMALL), Map.of())), "'MANIFEST.json' is not allowed");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> store.commit(1, Map.of("g.bin", SMALL), Map.of("val_psnr", Double.NaN))), "'val_psnr' = NaN");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> store.commit(-1, Map.of("g.bin", SMALL), Map.of())), "-1");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> store.commit(1, Map.of(), Map.of())), "at least one file");
            assertTrue(store.scan().complete().isEmpty() && store.scan().rejected().isEmpty());
        }
    }

    @Test
    void manifestLastAlsoHoldsWhenDirectWritesAreConfiguredOnARenameStore() throws IOException {
        Configuration conf = new Configuration();
        conf.set(CommitProtocol.KEY, "direct");
        try (CheckpointStore store = open(conf)) {
            assertEquals(CommitProtocol.DIRECT, store.storage().commitProtocol());
            store.commit(1, Map.of("g.bin", SMALL), Map.of());
            IOException failure = assertThrows(IOException.class, () -> store.commit(2, Map.of("g.bin", out -> {
                out.write(7);
                throw new IOException("interrupted (simulated)");
            }), Map.of()));
            assertMessage(failure, "simulated");
            assertEquals(List.of(1L), store.listComplete().stream().map(Checkpoint::step).toList());
            assertFalse(store.storage().fileSystem().exists(new Path(store.storage().resolve("ckpt-00000002"), "MANIFEST.json")));
        }
    }

    @Test
    void bestFollowsTheMetricsGoalAndPrefersTheNewestOnTies() throws IOException {
        try (CheckpointStore store = open(new Configuration())) {
            store.commit(1, Map.of("g.bin", SMALL), Map.of("loss", 0.5, "val_psnr", 25.0));
            store.commit(2, Map.of("g.bin", SMALL), Map.of("loss", 0.2, "val_psnr", 27.0));
            store.commit(3, Map.of("g.bin", SMALL), Map.of("loss", 0.2));
            store.commit(4, Map.of("g.bin", SMALL), Map.of("loss", 0.9, "val_psnr", 27.0));
            assertEquals(3, store.best("loss", MetricGoal.MINIMIZE).orElseThrow().step());
            assertEquals(4, store.best("val_psnr", MetricGoal.MAXIMIZE).orElseThrow().step());
            assertTrue(store.best("ssim", MetricGoal.MAXIMIZE).isEmpty());

            PruneResult result = store.prune(RetentionPolicy.keepLast(1).andBest("loss", MetricGoal.MINIMIZE));
            assertEquals(List.of(3L, 4L), result.keptSteps());
        }
    }

    @Test
    void retentionPolicyRejectsWhatCannotWork() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.keepLast(0)), "at least 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(2, "val_psnr", null)),
                "both a best metric and its goal");
    }

    @Test
    void aReaderStoppingEarlyStillGetsTheCheck() throws IOException {
        try (CheckpointStore store = open(new Configuration())) {
            Checkpoint checkpoint = store.commit(1, Map.of("g.bin", out -> out.write(new byte[100_000])), Map.of());
            try (OutputStream out = store.storage().fileSystem().create(new Path(checkpoint.path(), "g.bin"), true)) {
                byte[] changed = new byte[100_000];
                changed[99_999] = 1;
                out.write(changed);
            }
            ManifestMismatchException e = assertThrows(ManifestMismatchException.class, () -> {
                try (var in = checkpoint.open("g.bin")) {
                    assertEquals(0, in.read());
                    assertEquals(50_000, in.skip(50_000));
                }
            });
            assertMessage(e, "CRC32C");
        }
    }

    private static CheckpointStore open(Configuration conf) throws IOException {
        return CheckpointStore.open(BuildDirs.newFolder("rules", "run-").toUri(), conf);
    }

    private static void assertMessage(Exception e, String phrase) {
        assertTrue(e.getMessage().contains(phrase), "'" + e.getMessage() + "' should say '" + phrase + "'");
    }
}
