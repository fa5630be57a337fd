package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.TransientReads;
import io.srgan.spark.testing.FaultyFileSystem;
import io.srgan.spark.testing.FaultyFileSystem.Mode;
import io.srgan.spark.testing.FaultyFileSystem.Rule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding a shard on a store that fails now and then: transient read errors are retried, and what is
 * still skipped says why — corrupt content, a missing file, or a store that kept failing.
 */
class ShardDecoderTest {
    private static final int SCALE = 4;
    private static final int LR_PATCH = 8;

    @Test
    void transientReadErrorsAreRetriedAndSkippedFilesSayWhy(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path train = Files.createDirectories(dir.resolve("train"));
        List<java.nio.file.Path> samples;
        try (Stream<java.nio.file.Path> files = Files.list(java.nio.file.Path.of("sample-data/train"))) {
            samples = files.sorted().limit(4).toList();
        }
        String[] names = {"opens-fail-twice.png", "reads-fail-twice.png", "never-opens.png", "fine.png"};
        for (int i = 0; i < names.length; i++) Files.copy(samples.get(i), train.resolve(names[i]));
        Files.writeString(train.resolve("corrupt.png"), "not an image");
        HadoopSettings store = FaultyFileSystem.settings(
                new Rule("open", ".*/opens-fail-twice\\.png", Mode.OPEN, 0, 2),
                new Rule("read", ".*/reads-fail-twice\\.png", Mode.READ, 0, 2),
                new Rule("down", ".*/never-opens\\.png", Mode.OPEN, 0, Integer.MAX_VALUE));
        List<PairSource> sources = new ArrayList<>();
        for (String name : List.of(names[0], names[1], names[2], names[3], "corrupt.png", "missing.png")) {
            sources.add(new PairSource(name, new Path(FaultyFileSystem.uri(train.resolve(name))), null));
        }

        Map<String, ShardItem> items = new LinkedHashMap<>();
        var out = new ShardDecoder(store, SCALE, LR_PATCH).call(sources.iterator());
        for (PairSource s : sources) items.put(s.name(), out.next());

        for (String decoded : List.of("opens-fail-twice.png", "reads-fail-twice.png", "fine.png")) {
            assertNotNull(items.get(decoded).pair(), decoded + ": " + items.get(decoded).skipped());
        }
        SkippedFile down = items.get("never-opens.png").skipped();
        assertEquals(SkippedFile.Reason.UNREADABLE, down.reason());
        assertTrue(down.detail().contains("never-opens.png") && down.detail().contains(TransientReads.ATTEMPTS + " attempts"),
                down.toString());
        assertEquals(SkippedFile.Reason.CORRUPT, items.get("corrupt.png").skipped().reason());
        assertTrue(items.get("corrupt.png").skipped().detail().contains("corrupt.png"), items.get("corrupt.png").skipped().toString());
        assertEquals(SkippedFile.Reason.MISSING, items.get("missing.png").skipped().reason());
        assertTrue(down.toString().startsWith("unreadable: "), down.toString());
    }
}
