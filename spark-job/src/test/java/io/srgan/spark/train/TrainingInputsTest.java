package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing training pairs: LR/HR folders matched by name (plain or x<scale> suffix), HR only, manifests. */
class TrainingInputsTest {
    @Test
    void matchesLrToHrByNameAndReportsWhatDoesNotMatch(@TempDir Path dir) throws Exception {
        Path hr = folder(dir.resolve("hr"), "0001.png", "0002.png", "0003.png", ".hidden.png", "notes.txt");
        Path lr = folder(dir.resolve("lr"), "0001x4.png", "0002.png", "0009x4.png", "0003x2.png");
        TrainingInputs.Listing l = TrainingInputs.list(TinyRuns.config(3, "train.hr=\"" + hr + "\"", "train.lr=\"" + lr + "\""),
                HadoopSettings.empty().toConfiguration());
        assertEquals(List.of("0001", "0002"), l.pairs().stream().map(PairSource::name).toList());
        assertTrue(l.pairs().get(0).lr().toString().endsWith("/lr/0001x4.png"), l.pairs().get(0).lr().toString());
        assertEquals("file", l.pairs().get(0).hr().toUri().getScheme(), "fully qualified: " + l.pairs().get(0).hr());
        String problems = String.join("\n", l.problems());
        assertTrue(problems.contains("0009x4.png") && problems.contains("0003x2.png") && problems.contains("0003.png"), problems);
        assertEquals(3, l.problems().size(), problems);
    }

    /** The cases of core's StemPairingTest, on a Hadoop file system: what the job reports, what stops it. */
    @Test
    void ambiguousNamesAreReportedOrRefusedNamingTheFiles(@TempDir Path dir) throws Exception {
        Path hr = folder(dir.resolve("hr"), "a.png", "b.png");
        Path lr = folder(dir.resolve("lr"), "a.png", "ax4.png", "b.png");
        TrainingInputs.Listing l = TrainingInputs.list(TinyRuns.config(3, "train.hr=\"" + hr + "\"", "train.lr=\"" + lr + "\""),
                HadoopSettings.empty().toConfiguration());
        assertEquals(List.of("a", "b"), l.pairs().stream().map(PairSource::name).toList());
        assertTrue(l.pairs().get(0).lr().toString().endsWith("/lr/ax4.png"), "the last by name, as before: " + l.pairs().get(0).lr());
        assertEquals(1, l.problems().size(), l.problems().toString());
        assertTrue(l.problems().get(0).contains("/hr/a.png: matches 2 LR files") && l.problems().get(0).contains("/lr/a.png, ")
                && l.problems().get(0).contains("/lr/ax4.png; paired with the last, ax4.png"), l.problems().get(0));

        // an LR name that is an HR name and another HR name + x4 stops the listing
        Files.writeString(hr.resolve("ax4.png"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingInputs.list(
                TinyRuns.config(3, "train.hr=\"" + hr + "\"", "train.lr=\"" + lr + "\""), HadoopSettings.empty().toConfiguration()));
        assertTrue(e.getMessage().contains("/lr/ax4.png is ambiguous") && e.getMessage().contains("/hr/ax4.png")
                && e.getMessage().contains("/hr/a.png (x4)"), e.getMessage());

        Files.writeString(hr.resolve("b.jpg"), "x");
        IOException twice = assertThrows(IOException.class, () -> TrainingInputs.list(
                TinyRuns.config(3, "train.hr=\"" + hr + "\""), HadoopSettings.empty().toConfiguration()));
        assertTrue(twice.getMessage().contains("two images named b in ") && twice.getMessage().contains(": b.jpg and b.png"),
                twice.getMessage());
    }

    @Test
    void hrOnlyListsEveryImageWithoutLr(@TempDir Path dir) throws Exception {
        Path hr = folder(dir.resolve("hr"), "b.png", "a.jpg", "c.bmp");
        TrainingInputs.Listing l = TrainingInputs.list(TinyRuns.config(3, "train.hr=\"" + hr + "\""),
                HadoopSettings.empty().toConfiguration());
        assertEquals(List.of("a", "b", "c"), l.pairs().stream().map(PairSource::name).toList());
        assertNull(l.pairs().get(0).lr());
    }

    @Test
    void manifestResolvesRelativePathsAndRejectsDuplicatesAndBadLines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pairs.tsv"), """
                # hr<TAB>lr
                hr/a.png\tlr/a.png
                /abs/b.png

                hr/a.png
                c.png\tlr/c.png\textra
                """);
        TrainingInputs.Listing l = TrainingInputs.list(TinyRuns.config(3, "train.hr=null",
                "train.manifest=\"" + dir.resolve("pairs.tsv") + "\""), HadoopSettings.empty().toConfiguration());
        assertEquals(List.of("a", "b"), l.pairs().stream().map(PairSource::name).toList());
        assertEquals(dir.resolve("lr/a.png").toUri().getPath(), l.pairs().get(0).lr().toUri().getPath());
        assertEquals("/abs/b.png", l.pairs().get(1).hr().toUri().getPath());
        assertEquals(2, l.problems().size(), l.problems().toString());
        assertTrue(l.problems().get(0).contains("line 5") && l.problems().get(1).contains("line 6"), l.problems().toString());

        // with degradations the LR column is not read (nothing decoded or skipped for it), and the listing says so
        TrainingInputs.Listing degraded = TrainingInputs.list(TinyRuns.config(3, "train.hr=null", "degradation.enabled=true",
                "train.manifest=\"" + dir.resolve("pairs.tsv") + "\""), HadoopSettings.empty().toConfiguration());
        assertEquals(List.of("a", "b"), degraded.pairs().stream().map(PairSource::name).toList());
        assertTrue(degraded.pairs().stream().allMatch(p -> p.lr() == null));
        assertTrue(degraded.problems().get(2).contains("the LR column of 1 lines is not used"), degraded.problems().toString());
    }

    @Test
    void emptyOrMissingFoldersAreClearErrors(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> TrainingInputs.list(TinyRuns.config(3, "train.hr=\"" + empty + "\""),
                HadoopSettings.empty().toConfiguration()));
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
        IOException m = assertThrows(IOException.class, () -> TrainingInputs.list(
                TinyRuns.config(3, "train.hr=\"" + dir.resolve("nope") + "\""), HadoopSettings.empty().toConfiguration()));
        assertTrue(m.getMessage().contains("no such folder"), m.getMessage());
    }

    private static Path folder(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String n : names) Files.writeString(dir.resolve(n), "x");
        return dir;
    }
}
