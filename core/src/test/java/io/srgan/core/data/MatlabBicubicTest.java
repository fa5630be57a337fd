package io.srgan.core.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
}
