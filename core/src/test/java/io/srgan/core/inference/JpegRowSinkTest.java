package io.srgan.core.inference;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageEncoder;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegRowSinkTest {
    /** Rows arriving in blocks give the very JPEG that ImageEncoder writes for the whole image. */
    @Test
    void blocksOfRowsEncodeAsTheWholeImageDoes() throws IOException {
        for (ColourMode mode : new ColourMode[]{ColourMode.RGB, ColourMode.GRAY}) {
            FloatImage image = onLevels(TestImages.noise(17, 9, 3, 5));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JpegRowSink sink = JpegRowSink.toStream(bytes, "blocks", 0.9f).withColourMode(mode)) {
                sink.begin(17, 9, 3);
                sink.writeRows(0, image.crop(0, 0, 5, 9));
                sink.writeRows(5, image.crop(5, 0, 12, 9));
                sink.end();
            }
            assertArrayEquals(ImageEncoder.jpeg(image, mode, 0.9f), bytes.toByteArray(), mode.toString());
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(mode.colourChannels(), back.getRaster().getNumBands());
            assertEquals(9, back.getWidth());
            assertEquals(17, back.getHeight());
        }
    }

    @Test
    void refusesAlpha() {
        assertThrows(IllegalArgumentException.class,
                () -> JpegRowSink.toStream(new ByteArrayOutputStream(), "a", 0.9f).withColourMode(ColourMode.RGBA));
        JpegRowSink sink = JpegRowSink.toStream(new ByteArrayOutputStream(), "rgba-out", 0.9f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sink.begin(2, 2, 4));
        assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("rgba-out"), e.getMessage());
    }

    /** Values on exact 8-bit levels, where the sink's and ImageEncoder's rounding agree by construction. */
    private static FloatImage onLevels(FloatImage image) {
        float[] d = image.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.round(d[i] * 255) / 255f;
        }
        return image;
    }
}
