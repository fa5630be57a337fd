package io.srgan.core.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatlabBicubicTest {
    private final ImageDecoder decoder = new ImageDecoder();

    /** Every LR_bicubic/<set>/x<s>/<name>.png equals MATLAB bicubic of the modcropped HR. */
    @Test
    void reproducesEveryLrBicubicFileBitForBit() throws IOException {
        Path lrRoot = SharedData.data("LR_bicubic");
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (String set : List.of("Set5", "Set14")) {
            List<Path> scaleDirs;
            try (Stream<Path> s = Files.list(lrRoot.resolve(set))) {
                scaleDirs = s.filter(p -> p.getFileName().toString().matches("x\\d+")).sorted().toList();
            }
            assertTrue(scaleDirs.size() >= 3, "expected x2, x3, x4 under " + lrRoot.resolve(set));
            for (Path scaleDir : scaleDirs) {
                int scale = Integer.parseInt(scaleDir.getFileName().toString().substring(1));
                for (Path lrFile : SharedData.pngs(scaleDir)) {
                    DecodedImage hr = decoder.decode(SharedData.data(set, lrFile.getFileName().toString()));
                    DecodedImage expected = decoder.decode(lrFile);
                    assertEquals(hr.mode(), expected.mode(), lrFile.toString());
                    FloatImage actual = MatlabBicubic.downscaleUint8(ModCrop.toMultiple(hr.colour(), scale), scale);
                    int diff = countDifferentLevels(expected.colour(), actual);
                    if (diff != 0) {
                        mismatches.add(set + "/x" + scale + "/" + lrFile.getFileName() + ": " + diff + " samples differ");
                    }
                    checked++;
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(3 * (5 + 14), checked);
    }

    private static int countDifferentLevels(FloatImage expected, FloatImage actual) {
        assertEquals(expected.height(), actual.height(), "height");
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.channels(), actual.channels(), "channels");
        int[] a = Quantizer.levels8(expected);
        int[] b = Quantizer.levels8(actual);
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                diff++;
            }
        }
        return diff;
    }

    /**
     * MATLAB rounds a uint8 image to uint8 after the row pass too; resizing in float and rounding
     * once at the end gives other LR files (off by one level in places).
     */
    @Test
    void roundingBetweenPassesIsWhatMakesItExact() throws IOException {
        FloatImage hr = ModCrop.toMultiple(decoder.decode(SharedData.data("Set5", "baby.png")).rgb(), 4);
        int[] exact = Quantizer.levels8(MatlabBicubic.downscaleUint8(hr, 4));
        int[] roundedOnce = Quantizer.levels8(MatlabBicubic.downscale(hr, 4));
        int differ = 0;
        for (int i = 0; i < exact.length; i++) {
            assertTrue(Math.abs(exact[i] - roundedOnce[i]) <= 1, "sample " + i);
            differ += exact[i] != roundedOnce[i] ? 1 : 0;
        }
        assertTrue(differ > 0, "float resizing should differ somewhere");
    }

    @Test
    void constantImagesStayConstantAndSizesFollowTheScale() {
        for (int channels : new int[]{1, 3}) {
            FloatImage flat = FloatImage.zeros(12, 18, channels);
            Arrays.fill(flat.data(), 77 / 255f);
            for (FloatImage out : List.of(MatlabBicubic.downscaleUint8(flat, 3), MatlabBicubic.upscaleUint8(flat, 3),
                    MatlabBicubic.downscale(flat, 3), MatlabBicubic.upscale(flat, 3))) {
                assertEquals(channels, out.channels());
                for (float v : out.data()) {
                    assertEquals(77 / 255f, v, 1e-6f);
                }
            }
            assertEquals(4, MatlabBicubic.downscaleUint8(flat, 3).height());
            assertEquals(54, MatlabBicubic.upscale(flat, 3).width());
        }
    }

    /** Bicubic overshoots at a step edge: uint8 results saturate, float results are clamped to [0, 1]. */
    @Test
    void overshootIsClippedToTheValueRange() {
        FloatImage step = FloatImage.zeros(4, 8, 1);
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                step.set(y, x, 0, 1f);
            }
        }
        for (FloatImage out : List.of(MatlabBicubic.upscaleUint8(step, 4), MatlabBicubic.upscale(step, 4))) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : out.data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(0f, min);
            assertEquals(1f, max);
        }
    }

    @Test
    void downscalingNeedsAMultipleOfTheScale() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatlabBicubic.downscaleUint8(FloatImage.zeros(10, 12, 3), 4));
        assertTrue(e.getMessage().contains("ModCrop"), e.getMessage());
    }
}
