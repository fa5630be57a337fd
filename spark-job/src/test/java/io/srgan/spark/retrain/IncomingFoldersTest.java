package io.srgan.spark.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dated incoming folders, the watermark, and the seeded replay sample. */
class IncomingFoldersTest {

    @Test
    void newDaysAreThoseAfterTheWatermarkUpToTheLastDay(@TempDir Path incoming) throws Exception {
        image(incoming, "2025-02-27/a.png");
        image(incoming, "2025-02-28/b.png");
        image(incoming, "2025-02-28/c.JPG");
        image(incoming, "2025-02-28/d.png._COPYING_");  // an upload in progress
        image(incoming, "2025-02-28/_e.png");
        image(incoming, "2025-02-28/notes.txt");
        Files.createDirectories(incoming.resolve("2025-03-01"));  // empty day: nothing to consume
        image(incoming, "2025-03-02/f.png");               // after the last day
        image(incoming, "misc/g.png");                     // not a day: ignored with a warning
        image(incoming, "2025-02-30/h.png");               // not a date either

        IncomingFolders folders = new IncomingFolders(incoming.toUri(), HadoopSettings.empty());
        NewData first = folders.discover(null, LocalDate.parse("2025-03-01"));
        assertEquals(List.of(LocalDate.parse("2025-02-27"), LocalDate.parse("2025-02-28")), first.newDays());
        assertEquals(List.of("2025-02-27/a.png", "2025-02-28/b.png", "2025-02-28/c.JPG"), keys(first.newImages()));
        assertTrue(first.olderImages().isEmpty());
        assertEquals(LocalDate.parse("2025-02-28"), first.through());

        NewData second = folders.discover(LocalDate.parse("2025-02-28"), LocalDate.parse("2025-03-02"));
        assertEquals(List.of("2025-03-02/f.png"), keys(second.newImages()));
        assertEquals(List.of("2025-02-27/a.png", "2025-02-28/b.png", "2025-02-28/c.JPG"), keys(second.olderImages()));

        NewData nothing = folders.discover(LocalDate.parse("2025-03-02"), LocalDate.parse("2025-03-02"));
        assertTrue(nothing.newImages().isEmpty());
        assertEquals(LocalDate.parse("2025-03-02"), nothing.through());
        assertNull(folders.discover(null, LocalDate.parse("2025-01-01")).through());
    }

    @Test
    void theReplaySampleIsSeededAndDrawnWithoutReplacement() {
        List<ImageRef> pool = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> new ImageRef(Path.of("/x/" + i + ".png").toUri(), "d/" + i + ".png")).toList();
        List<ImageRef> a = ReplaySample.draw(pool, 10, 7);
        List<ImageRef> shuffledPool = new java.util.ArrayList<>(pool);
        java.util.Collections.reverse(shuffledPool);
        assertEquals(a, ReplaySample.draw(shuffledPool, 10, 7), "the listing order does not matter");
        assertEquals(10, a.stream().distinct().count());
        assertTrue(pool.containsAll(a));
        assertTrue(!a.equals(ReplaySample.draw(pool, 10, 8)), "another seed, another sample");
        assertEquals(50, ReplaySample.draw(pool, 80, 7).size());
    }

    private static void image(Path root, String relative) throws Exception {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[] {1});
    }

    private static List<String> keys(List<ImageRef> images) {
        return images.stream().map(ImageRef::key).toList();
    }
}
