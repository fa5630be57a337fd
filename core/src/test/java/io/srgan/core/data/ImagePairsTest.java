package io.srgan.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePairsTest {
    @Test
    void matchesTheSharedBenchmarkLayoutCompletely() throws IOException {
        ImagePairs pairs = ImagePairs.match(SharedData.data("LR_bicubic", "Set5", "x4"), SharedData.data("Set5"), 4);
        List<PairFiles> complete = pairs.requireComplete();
        assertEquals(List.of("baby", "bird", "butterfly", "head", "woman"), complete.stream().map(PairFiles::name).toList());
        assertEquals("baby.png", complete.get(0).lr().getFileName().toString());
    }

    @Test
    void acceptsScaleSuffixAndOtherExtensionsAndReportsUnmatched(@TempDir Path dir) throws IOException {
        Path lr = Files.createDirectory(dir.resolve("lr"));
        Path hr = Files.createDirectory(dir.resolve("hr"));
        touch(hr, "0001.png", "0002.png", "cat.bmp", "lonely.png", "notes.txt", ".hidden.png");
        touch(lr, "0001x4.png", "0002.png", "cat.jpg", "stray.png", "0003x4.png", "README.md");
        ImagePairs pairs = ImagePairs.match(lr, hr, 4);
        assertEquals(List.of("0001", "0002", "cat"), pairs.pairs().stream().map(PairFiles::name).toList());
        assertEquals(lr.resolve("0001x4.png"), pairs.pairs().get(0).lr());
        assertEquals(hr.resolve("cat.bmp"), pairs.pairs().get(2).hr());
        assertEquals(List.of(hr.resolve("lonely.png")), pairs.unmatchedHr());
        assertEquals(List.of(lr.resolve("0003x4.png"), lr.resolve("stray.png")), pairs.unmatchedLr());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pairs::requireComplete);
        assertTrue(e.getMessage().contains("HR without LR: lonely.png")
                && e.getMessage().contains("LR without HR: 0003x4.png, stray.png"), e.getMessage());

        // a suffix for another scale does not match when the scale is given
        assertEquals(List.of("0002", "cat"), ImagePairs.match(lr, hr, 2).pairs().stream().map(PairFiles::name).toList());
    }

    @Test
    void refusesAmbiguousNames(@TempDir Path dir) throws IOException {
        Path lr = Files.createDirectory(dir.resolve("lr"));
        Path hr = Files.createDirectory(dir.resolve("hr"));
        touch(hr, "a.png", "a.bmp");
        touch(lr, "a.png");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePairs.match(lr, hr, 0))
                .getMessage().contains("two images named a"));

        Files.delete(hr.resolve("a.bmp"));
        touch(lr, "ax2.png");
        touch(hr, "ax2.png");                               // LR ax2 matches HR ax2 and HR a + x2
        String ambiguous = assertThrows(IllegalArgumentException.class, () -> ImagePairs.match(lr, hr, 2)).getMessage();
        assertTrue(ambiguous.contains("LR " + lr.resolve("ax2.png") + " is ambiguous"), ambiguous);
    }

    @Test
    void refusesAnHrImageMatchedByTwoLrImages(@TempDir Path dir) throws IOException {
        Path lr = Files.createDirectory(dir.resolve("lr"));
        Path hr = Files.createDirectory(dir.resolve("hr"));
        touch(hr, "a.png", "b.png");
        touch(lr, "a.png", "ax4.png", "b.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePairs.match(lr, hr, 4));
        assertTrue(e.getMessage().contains("HR " + hr.resolve("a.png") + " matches 2 LR files: " + lr.resolve("a.png") + ", "
                + lr.resolve("ax4.png")), e.getMessage());
    }

    private static void touch(Path dir, String... names) throws IOException {
        for (String n : names) {
            Files.write(dir.resolve(n), new byte[]{1});
        }
    }
}
