package io.srgan.core.data;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CMYK images decode to RGB. The JPEG fixtures (resources {@code jpeg-cmyk/}, written by Pillow with
 * {@code make_fixtures.py} there) are a CMYK JPEG as Photoshop stores it (Adobe APP14, inverted
 * samples) and the same picture as YCCK (APP14 transform 2); the reference is Pillow's own decoding
 * and conversion of each file ({@code *.pillow-rgb.png}): libjpeg-turbo there, the JDK's libjpeg
 * here, the same profile-free conversion in both.
 */
class CmykDecodingTest {
    /** Largest difference from Pillow per sample, in levels of 255: our floats are not rounded, Pillow's are. */
    private static final double MAX_LEVELS = 1.5;
    /** Mean absolute difference from Pillow, in levels of 255. */
    private static final double MEAN_LEVELS = 0.5;

    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk", "ycck"})
    void adobeCmykAndYcckJpegsDecodeToThePillowRgbOfTheSameFile(String name) throws IOException {
        DecodedImage decoded = decoder.decode(resource(name + ".jpg"), name + ".jpg");
        DecodedImage pillow = decoder.decode(resource(name + ".pillow-rgb.png"), name + ".pillow-rgb.png");

        assertEquals(ColourMode.RGB, decoded.mode());
        assertEquals(8, decoded.bitDepth());
        assertEquals("jpeg", decoded.format());
        assertFalse(decoded.alpha().isPresent());
        assertEquals(pillow.height(), decoded.height());
        assertEquals(pillow.width(), decoded.width());
        float[] ours = decoded.rgb().data();
        float[] reference = pillow.rgb().data();
        double max = 0;
        double sum = 0;
        for (int i = 0; i < ours.length; i++) {
            double d = Math.abs(ours[i] - reference[i]) * 255;
            max = Math.max(max, d);
            sum += d;
        }
        double mean = sum / ours.length;
        assertTrue(max <= MAX_LEVELS, name + ": largest difference from Pillow " + max + " levels");
        assertTrue(mean <= MEAN_LEVELS, name + ": mean difference from Pillow " + mean + " levels");
        // the patches in the top-left corner: cyan, magenta, yellow, black ink (a wrong inversion or a
        // missed YCCK transform would turn these into other colours entirely)
        assertRgb(decoded, 1, 1, 0, 1, 1, name + " cyan");
        assertRgb(decoded, 1, 5, 1, 0, 1, name + " magenta");
        assertRgb(decoded, 5, 1, 1, 1, 0, name + " yellow");
        assertRgb(decoded, 5, 5, 0, 0, 0, name + " black");
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {8, 16})
    void cmykTiffsDecodeToRgbByTheSameRule(int bits) throws IOException {
        int max = bits == 16 ? 65535 : 255;
        // ink amounts (TIFF stores ink, 0 = none): no ink, full cyan, half magenta + half black, full black
        int[][] inks = {{0, 0, 0, 0}, {max, 0, 0, 0}, {0, max / 2, 0, max / 2}, {0, 0, 0, max}};
        ByteBuffer pixels = ByteBuffer.allocate(4 * 4 * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] ink : inks) {
            for (int v : ink) {
                if (bits == 16) pixels.putShort((short) v); else pixels.put((byte) v);
            }
        }
        byte[] tiff = TiffBytes.tiff(2, 2, TiffBytes.SEPARATED, 4, bits, TiffBytes.SAMPLE_UINT, pixels.array());

        DecodedImage decoded = decoder.decode(tiff, "print.tif");

        assertEquals(ColourMode.RGB, decoded.mode());
        assertEquals(bits, decoded.bitDepth());
        double half = 1 - (max / 2) / (double) max;
        assertRgb(decoded, 0, 0, 1, 1, 1, "no ink");
        assertRgb(decoded, 0, 1, 0, 1, 1, "cyan");
        assertRgb(decoded, 1, 0, half, half * half, half, "half magenta, half black");
        assertRgb(decoded, 1, 1, 0, 0, 0, "black");
    }

    private static void assertRgb(DecodedImage image, int y, int x, double r, double g, double b, String what) {
        FloatImage rgb = image.rgb();
        double tolerance = 2.5 / 255; // JPEG's loss at a patch's centre
        assertEquals(r, rgb.get(y, x, 0), tolerance, what + " red");
        assertEquals(g, rgb.get(y, x, 1), tolerance, what + " green");
        assertEquals(b, rgb.get(y, x, 2), tolerance, what + " blue");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CmykDecodingTest.class.getResourceAsStream("/jpeg-cmyk/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource jpeg-cmyk/" + name);
            return in.readAllBytes();
        }
    }
}
