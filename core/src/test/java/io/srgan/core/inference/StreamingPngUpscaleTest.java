package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PNG in, PNG out, strip by strip, on a 1024² input at ×4 (output 4096²), compared pixel by pixel
 * with whole-image inference. Memory figures for larger images come from {@link StreamingMemoryCheck}.
 */
class StreamingPngUpscaleTest {
    @TempDir
    Path dir;

    @Test
    void streamedPngEqualsWholeImageInferenceAtEveryPixel() throws IOException {
        int size = 1024;
        Path in = dir.resolve("lr.png");
        Path out = dir.resolve("sr.png");
        PngTileSourceTest.write(TestImages.noise(size, size, 3, 21), in, 8);

        try (ConvShuffleModel model = new ConvShuffleModel(1, 2, 4, 22)) {
            try (PngTileSource source = PngTileSource.open(in);
                 PngRowSink sink = PngRowSink.toFile(out, 8).withCompressionLevel(1);
                 TiledUpscaler upscaler = new TiledUpscaler(model, TilingConfig.forModel(model, 200).withBatchSize(3))) {
                upscaler.upscale(source, sink);
            }

            FloatImage lr;
            try (PngTileSource source = PngTileSource.open(in)) {
                lr = source.readRows(0, size);
            }
            try (INDArray whole = model.upscaleWhole(lr);
                 PngTileSource result = PngTileSource.open(out)) {
                assertEquals(4 * size, result.height());
                assertEquals(4 * size, result.width());
                assertEquals(3, result.channels());
                FloatBuffer reference = whole.data().asNioFloat();
                int rowFloats = 4 * size * 3;
                int worst = 0;
                int differing = 0;
                for (int y = 0; y < result.height(); y++) {
                    float[] row = result.readRows(y, 1).data();
                    for (int i = 0; i < rowFloats; i++) {
                        int expected = UnitInterval.quantize(reference.get(y * rowFloats + i), 255);
                        int actual = Math.round(row[i] * 255);
                        int diff = Math.abs(expected - actual);
                        worst = Math.max(worst, diff);
                        if (diff > 0) {
                            differing++;
                        }
                    }
                }
                // One level of slack: a float difference in the last bits may cross a rounding boundary.
                assertTrue(worst <= 1, "worst difference " + worst + " levels, " + differing + " samples differ");
            }
        }
    }
}
