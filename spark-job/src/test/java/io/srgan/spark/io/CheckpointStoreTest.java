package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.srgan.spark.testing.AllStorages;
import io.srgan.spark.testing.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The checkpoint protocol on each real store: what a writer commits, what a crashed writer leaves, and
 * what a reader (a separate store instance, as after a restart) trusts.
 */
class CheckpointStoreTest {
    private static final int GENERATOR_BYTES = 300_000;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void committedCheckpointsAreListedAndReadBack(TestStorage storage) throws IOException {
        URI run = storage.newFolder("commit");
        try (CheckpointStore writer = CheckpointStore.open(run, storage.configuration())) {
            assertTrue(writer.listComplete().isEmpty());
            assertTrue(writer.latest().isEmpty());
            assertEquals(storage.name().equals("s3") ? CommitProtocol.DIRECT : CommitProtocol.RENAME,
                    writer.storage().commitProtocol());
            Checkpoint first = writer.commit(1, files(1), Map.of("val_psnr", 24.5));
            assertEquals(1, first.step());
            writer.commit(2, files(2), Map.of("val_psnr", 25.25, "l_g_pix", 0.031));
        }
        try (CheckpointStore reader = CheckpointStore.open(run, storage.configuration())) {
            assertEquals(List.of(1L, 2L), steps(reader.listComplete()));
            CheckpointScan scan = reader.scan();
            assertTrue(scan.rejected().isEmpty(), scan.rejected().toString());
            assertTrue(scan.temporaries().isEmpty(), scan.temporaries().toString());

            Checkpoint latest = reader.latest().orElseThrow();
            assertEquals(2, latest.step());
            assertTrue(latest.path().getName().equals("ckpt-00000002"), latest.path().toString());
            assertEquals(Map.of("val_psnr", 25.25, "l_g_pix", 0.031), latest.metrics());
            assertEquals(List.of("generator.bin", "state.json"), latest.fileNames());
            assertArrayEquals(generator(2), readAll(latest.open("generator.bin")));
            assertEquals(state(2), new String(readAll(latest.open("state.json")), StandardCharsets.UTF_8));
            latest.verify();

            CheckpointManifest manifest = latest.manifest();
            assertEquals(CheckpointManifest.FORMAT_VERSION, manifest.formatVersion());
            assertEquals(2, manifest.step());
            ManifestFile entry = manifest.file("generator.bin").orElseThrow();
            assertEquals(GENERATOR_BYTES, entry.size());
            assertEquals(crc32c(generator(2)), entry.crc32c());
            assertEquals("ckpt-00000002\n", readText(reader.storage().fileSystem(), new Path(reader.storage().root(), "LATEST")));
            assertEquals(1, reader.find(1).orElseThrow().step());
            assertTrue(reader.find(3).isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void filesWithoutManifestAreInvisible(TestStorage storage) throws IOException {
        URI run = storage.newFolder("no-manifest");
        try (CheckpointStore writer = CheckpointStore.open(run, storage.configuration())) {
            writer.commit(1, files(1), Map.of());
            // A writer that died after its files, before its manifest (on S3 files are written in place).
            FileSystem fs = writer.storage().fileSystem();
            Path crashed = new Path(writer.storage().root(), "ckpt-00000002");
            writeRaw(fs, new Path(crashed, "generator.bin"), generator(2));
            writeRaw(fs, new Path(crashed, "state.json"), state(2).getBytes(StandardCharsets.UTF_8));
        }
        try (CheckpointStore reader = CheckpointStore.open(run, storage.configuration())) {
            assertEquals(List.of(1L), steps(reader.listComplete()));
            assertEquals(1, reader.latest().orElseThrow().step());
            RejectedCheckpoint rejected = single(reader.scan().rejected());
            assertEquals(2, rejected.step());
            assertTrue(rejected.reason().contains("no MANIFEST.json"), rejected.reason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void manifestRecordingAWrongSizeIsRejected(TestStorage storage) throws IOException {
        URI run = storage.newFolder("wrong-size");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            store.commit(1, files(1), Map.of());
            Checkpoint second = store.commit(2, files(2), Map.of());
            FileSystem fs = store.storage().fileSystem();
            Path manifest = new Path(second.path(), "MANIFEST.json");
            ObjectMapper json = new ObjectMapper();
            ObjectNode tree = (ObjectNode) json.readTree(readAll(fs.open(manifest)));
            ((ObjectNode) tree.withArray("files").get(0)).put("size", GENERATOR_BYTES + 1);
            writeRaw(fs, manifest, json.writeValueAsBytes(tree));

            assertEquals(List.of(1L), steps(store.listComplete()));
            assertEquals(1, store.latest().orElseThrow().step());
            String reason = single(store.scan().rejected()).reason();
            assertTrue(reason.contains("'generator.bin' has " + GENERATOR_BYTES + " bytes, MANIFEST.json records "
                    + (GENERATOR_BYTES + 1)), reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void truncatedFileIsRejected(TestStorage storage) throws IOException {
        URI run = storage.newFolder("truncated");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            store.commit(1, files(1), Map.of());
            Checkpoint second = store.commit(2, files(2), Map.of());
            byte[] half = java.util.Arrays.copyOf(generator(2), GENERATOR_BYTES / 2);
            writeRaw(store.storage().fileSystem(), new Path(second.path(), "generator.bin"), half);

            assertEquals(List.of(1L), steps(store.listComplete()));
            assertEquals(1, store.latest().orElseThrow().step());
            String reason = single(store.scan().rejected()).reason();
            assertTrue(reason.contains("has " + GENERATOR_BYTES / 2 + " bytes"), reason);
            // A reader holding the checkpoint from before the damage still cannot read it unnoticed.
            ManifestMismatchException e = assertThrows(ManifestMismatchException.class,
                    () -> readAll(second.open("generator.bin")));
            assertTrue(e.reason().contains("truncated"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void latestFindsTheNewestCompleteCheckpointWhateverThePointerSays(TestStorage storage) throws IOException {
        URI run = storage.newFolder("latest");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            for (long step = 1; step <= 3; step++) {
                store.commit(step, files(step), Map.of());
            }
            FileSystem fs = store.storage().fileSystem();
            Path latest = new Path(store.storage().root(), "LATEST");
            assertEquals(3, store.latest().orElseThrow().step());

            assertTrue(fs.delete(latest, false));
            assertEquals(3, store.latest().orElseThrow().step(), "LATEST missing");

            writeRaw(fs, latest, "ckpt-00000001\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(3, store.latest().orElseThrow().step(), "LATEST stale");

            Path incomplete = new Path(store.storage().root(), "ckpt-00000004");
            writeRaw(fs, new Path(incomplete, "generator.bin"), generator(4));
            writeRaw(fs, latest, "ckpt-00000004\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(3, store.latest().orElseThrow().step(), "LATEST names an incomplete checkpoint");

            writeRaw(fs, latest, "not a checkpoint\u0000".getBytes(StandardCharsets.UTF_8));
            assertEquals(3, store.latest().orElseThrow().step(), "LATEST garbled");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void pruneKeepsTheLastKAndTheBestAndClearsCrashLeftovers(TestStorage storage) throws IOException {
        URI run = storage.newFolder("retention");
        Map<Long, Double> psnr = Map.of(1L, 20.0, 2L, 26.0, 3L, 22.0, 5L, 23.0, 6L, 22.5);
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            for (long step : List.of(1L, 2L, 3L, 5L, 6L)) {
                store.commit(step, files(step), Map.of("val_psnr", psnr.get(step)));
            }
            FileSystem fs = store.storage().fileSystem();
            Path root = store.storage().root();
            Path staleIncomplete = new Path(root, "ckpt-00000004");    // crashed before its manifest
            writeRaw(fs, new Path(staleIncomplete, "generator.bin"), generator(4));
            Path newerIncomplete = new Path(root, "ckpt-00000007");    // newer than every complete one: left alone
            writeRaw(fs, new Path(newerIncomplete, "generator.bin"), generator(7));
            Path staleTemp = new Path(root, "_tmp-ckpt-00000003-" + UUID.randomUUID());
            writeRaw(fs, new Path(staleTemp, "generator.bin"), generator(3));
            Path staleLatestTemp = new Path(root, "_tmp-LATEST-" + UUID.randomUUID());
            writeRaw(fs, staleLatestTemp, "ckpt-00000006\n".getBytes(StandardCharsets.UTF_8));
            Path foreignTemp = new Path(root, "_tmp-notes.txt-" + UUID.randomUUID()); // not ours to judge
            writeRaw(fs, foreignTemp, new byte[] {1});
            Path unrelated = new Path(root, "metrics.jsonl");
            writeRaw(fs, unrelated, "{}\n".getBytes(StandardCharsets.UTF_8));

            PruneResult result = store.prune(RetentionPolicy.keepLast(2).andBest("val_psnr", MetricGoal.MAXIMIZE));

            assertEquals(List.of(2L, 5L, 6L), result.keptSteps());
            assertEquals(List.of(2L, 5L, 6L), steps(store.listComplete()));
            assertEquals(6, store.latest().orElseThrow().step());
            assertEquals(2, store.best("val_psnr", MetricGoal.MAXIMIZE).orElseThrow().step());
            for (String gone : List.of("ckpt-00000001", "ckpt-00000003", "ckpt-00000004",
                    staleTemp.getName(), staleLatestTemp.getName())) {
                assertFalse(fs.exists(new Path(root, gone)), gone + " should be deleted");
            }
            assertEquals(5, result.deleted().size(), result.deleted().toString());
            for (Path kept : List.of(newerIncomplete, foreignTemp, unrelated)) {
                assertTrue(fs.exists(kept), kept + " should be kept");
            }
            assertTrue(store.prune(RetentionPolicy.keepLast(2).andBest("val_psnr", MetricGoal.MAXIMIZE)).deleted().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void changedBytesAreDetectedWhenRead(TestStorage storage) throws IOException {
        URI run = storage.newFolder("checksum");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            store.commit(1, files(1), Map.of());
            Checkpoint second = store.commit(2, files(2), Map.of());
            byte[] flipped = generator(2);
            flipped[GENERATOR_BYTES / 3] ^= 0x10; // same size: only the checksum can tell
            writeRaw(store.storage().fileSystem(), new Path(second.path(), "generator.bin"), flipped);

            assertEquals(List.of(1L, 2L), steps(store.listComplete()), "sizes still match");
            Checkpoint listed = store.latest().orElseThrow();
            ManifestMismatchException e = assertThrows(ManifestMismatchException.class,
                    () -> readAll(listed.open("generator.bin")));
            assertEquals(listed.uri(), e.checkpoint());
            assertEquals("generator.bin", e.file());
            assertTrue(e.reason().contains("CRC32C " + crc32c(flipped) + ", MANIFEST.json records " + crc32c(generator(2))),
                    e.reason());
            assertTrue(e.getMessage().contains("ckpt-00000002") && e.getMessage().contains("'generator.bin'"), e.getMessage());

            // Reading only a prefix still verifies: close() reads the rest.
            IOException onClose = assertThrows(ManifestMismatchException.class, () -> {
                try (InputStream in = listed.open("generator.bin")) {
                    in.readNBytes(10);
                }
            });
            assertTrue(onClose.getMessage().contains("CRC32C"), onClose.getMessage());
            assertArrayEquals(state(2).getBytes(StandardCharsets.UTF_8), readAll(listed.open("state.json")));
            assertThrows(ManifestMismatchException.class, listed::verify);
            assertEquals(1, store.latest(Verification.CHECKSUMS).orElseThrow().step());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aCompleteCheckpointIsNeverRewrittenButACrashedOneIsReplaced(TestStorage storage) throws IOException {
        URI run = storage.newFolder("rewrite");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            store.commit(1, files(1), Map.of());
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> store.commit(1, files(1), Map.of()));
            assertTrue(e.getMessage().contains("ckpt-00000001") && e.getMessage().contains("complete"), e.getMessage());

            FileSystem fs = store.storage().fileSystem();
            Path crashed = new Path(store.storage().root(), "ckpt-00000002");
            writeRaw(fs, new Path(crashed, "leftover.bin"), new byte[] {1, 2, 3});
            Checkpoint second = store.commit(2, files(2), Map.of());
            assertEquals(List.of("generator.bin", "state.json"), second.fileNames());
            assertFalse(fs.exists(new Path(crashed, "leftover.bin")));
            assertEquals(List.of(1L, 2L), steps(store.listComplete()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(AllStorages.class)
    void aFailingWriterLeavesNoVisibleCheckpoint(TestStorage storage) throws IOException {
        URI run = storage.newFolder("failing-writer");
        try (CheckpointStore store = CheckpointStore.open(run, storage.configuration())) {
            store.commit(1, files(1), Map.of());
            Map<String, StreamWriter> failing = new LinkedHashMap<>(files(2));
            failing.put("optimizer.bin", out -> {
                out.write(new byte[1000]);
                throw new IOException("disk full (simulated)");
            });
            IOException e = assertThrows(IOException.class, () -> store.commit(2, failing, Map.of()));
            assertTrue(e.getMessage().contains("optimizer.bin") && e.getMessage().contains("simulated"), e.getMessage());

            assertEquals(List.of(1L), steps(store.listComplete()));
            assertEquals(1, store.latest().orElseThrow().step());
            assertEquals("ckpt-00000001\n", readText(store.storage().fileSystem(), new Path(store.storage().root(), "LATEST")));
            assertTrue(store.scan().temporaries().isEmpty(), store.scan().temporaries().toString());
            // The run goes on: the same step commits once the writer works.
            assertEquals(2, store.commit(2, files(2), Map.of()).step());
        }
    }

    // --- content and raw access -------------------------------------------------------------

    private static Map<String, StreamWriter> files(long step) {
        Map<String, StreamWriter> files = new LinkedHashMap<>();
        byte[] generator = generator(step);
        files.put("generator.bin", out -> {
            // in uneven pieces, as a serializer would write
            for (int offset = 0; offset < generator.length; offset += 7919) {
                out.write(generator, offset, Math.min(7919, generator.length - offset));
            }
        });
        files.put("state.json", out -> out.write(state(step).getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    private static byte[] generator(long step) {
        byte[] bytes = new byte[GENERATOR_BYTES];
        new Random(step).nextBytes(bytes);
        return bytes;
    }

    private static String state(long step) {
        return "{\"round\": " + step + ", \"seed\": 42}\n";
    }

    private static List<Long> steps(List<Checkpoint> checkpoints) {
        return checkpoints.stream().map(Checkpoint::step).toList();
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String readText(FileSystem fs, Path path) throws IOException {
        return new String(readAll(fs.open(path)), StandardCharsets.UTF_8);
    }

    /** Writes bytes straight through the file system, bypassing the commit protocol, as damage or a crash would. */
    private static void writeRaw(FileSystem fs, Path path, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
    }

    private static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }
}
