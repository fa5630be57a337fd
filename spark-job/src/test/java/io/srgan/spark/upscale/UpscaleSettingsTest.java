package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import org.junit.jupiter.api.Test;

/** The tiling of a model: exact by default, and a deep model's too-small tile is refused saying which options fix it. */
class UpscaleSettingsTest {
    private static UpscaleSettings settings(int tile, int overlap) {
        return new UpscaleSettings("out", HadoopSettings.empty(), tile, overlap, 4, OutputFormat.PNG, 0.95f, 100_000_000L,
                256_000_000L, false, io.srgan.core.inference.Precision.FP32);
    }

    @Test
    void aDeepModelsExactTilingNeedsALargerTileOrAnOverlap() {
        assertEquals(20, settings(192, -1).tiling(20).overlap(), "exact: the receptive field");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(192, -1).tiling(350));
        assertTrue(e.getMessage().contains("--tile of at least 701") && e.getMessage().contains("--overlap"), e.getMessage());
        assertEquals(16, settings(192, 16).tiling(350).overlap(), "an explicit overlap is taken as given");
        IllegalArgumentException x2 = assertThrows(IllegalArgumentException.class, () -> settings(1403, -1).tiling(701, 2));
        assertTrue(x2.getMessage().contains("at least 1404"), "a model read in 2x2 groups needs 2r + 2: " + x2.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> settings(40, 20).tiling(5));
        assertTrue(small.getMessage().contains("--tile of at least 41 or a smaller --overlap"), small.getMessage());
    }
}
