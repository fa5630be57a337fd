package io.srgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The LR/HR name rule on names alone; {@link ImagePairsTest} (local folders) and the Spark job's
 * TrainingInputsTest (Hadoop folders) run the same cases through their callers.
 */
class StemPairingTest {
    @Test
    void pairsEqualAndScaleSuffixedStemsAndKeepsTheRestInListingOrder() {
        Map<String, String> hr = byStem("hr", "0001.png", "0002.png", "cat.bmp", "lonely.png");
        Map<String, String> lr = byStem("lr", "0001x4.png", "0002.png", "0003x4.png", "cat.jpg", "stray.png");
        StemPairing<String> p = StemPairing.pair(lr, hr, 4);
        assertEquals(List.of(new StemPairing.Pair<>("0001", "0001x4.png", "0001.png"), new StemPairing.Pair<>("0002", "0002.png", "0002.png"),
                new StemPairing.Pair<>("cat", "cat.jpg", "cat.bmp")), p.pairs());
        assertEquals(List.of("0003x4.png", "stray.png"), p.unmatchedLr());
        assertEquals(List.of("lonely.png"), p.unmatchedHr());
        assertEquals(List.of(), p.conflicts());

        // a suffix for another scale does not match when the scale is given; 0 takes any
        StemPairing<String> x2 = StemPairing.pair(lr, hr, 2);
        assertEquals(List.of("0002", "cat"), x2.pairs().stream().map(StemPairing.Pair::name).toList());
        assertEquals(List.of("0001x4.png", "0003x4.png", "stray.png"), x2.unmatchedLr());
        assertEquals(List.of("0001.png", "lonely.png"), x2.unmatchedHr());
        assertEquals(List.of("0001", "0002", "cat"), StemPairing.pair(lr, hr, 0).pairs().stream().map(StemPairing.Pair::name).toList());
    }

    @Test
    void anHrFileMatchedByTwoLrFilesIsAConflictNotAPair() {
        StemPairing<String> p = StemPairing.pair(byStem("lr", "a.png", "ax4.png", "b.png"), byStem("hr", "a.png", "b.png"), 4);
        assertEquals(List.of(new StemPairing.Conflict<>("a", "a.png", List.of("a.png", "ax4.png"))), p.conflicts());
        assertEquals(List.of("b"), p.pairs().stream().map(StemPairing.Pair::name).toList());
        assertEquals(List.of(), p.unmatchedLr());
        assertEquals(List.of(), p.unmatchedHr());
    }

    @Test
    void anLrFileMatchingTwoHrFilesIsAnErrorNamingThem() {
        Map<String, String> hr = byStem("hr", "a.png", "ax2.png");
        Map<String, String> lr = byStem("lr", "a.png", "ax2.jpg");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StemPairing.pair(lr, hr, 2));
        assertTrue(e.getMessage().contains("LR ax2.jpg is ambiguous") && e.getMessage().contains("HR ax2.png")
                && e.getMessage().contains("HR a.png (x2)"), e.getMessage());
        // at another scale the suffix means nothing: ax2 is only its own name
        assertEquals(List.of("a", "ax2"), StemPairing.pair(lr, hr, 4).pairs().stream().map(StemPairing.Pair::name).toList());
    }

    @Test
    void twoFilesWithOneStemInAFolderAreAnErrorNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> byStem("hr", "a.bmp", "a.png"));
        assertEquals("two images named a in hr: a.bmp and a.png", e.getMessage());
        assertEquals(List.of("a", "a.b", ".hidden"), List.copyOf(byStem("x", "a.png", "a.b.png", ".hidden").keySet()));
    }

    private static Map<String, String> byStem(String folder, String... names) {
        return StemPairing.byStem(List.of(names), Function.identity(), folder);
    }
}
