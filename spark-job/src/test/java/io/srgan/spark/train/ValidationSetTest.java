package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.SrModel;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.core.nn.Init;
import io.srgan.spark.testing.FaultyFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validation runs the generator tile by tile, so its memory follows the tile and not the image, and
 * scores exactly as whole-image inference does; a read the store fails now and then is retried.
 */
class ValidationSetTest {
    private static final int TILE = 24;

    @Test
    void scoresTileByTileAsTheWholeImageWouldScore(@TempDir Path dir) throws Exception {
        Path val = Files.createDirectories(dir.resolve("val"));
        List<Path> images;
        try (Stream<Path> files = Files.list(Path.of("sample-data/val"))) {
            images = files.sorted().toList();
        }
        for (Path f : images) Files.copy(f, val.resolve(f.getFileName()));
        Generator g = Generators.build(GeneratorConfig.msrresnet(2, 8, 4), new Init(11, DataType.FLOAT));
        Recording model = new Recording(g);
        // every image fails its first two opens: when the run starts and when it is scored
        ValidationSet set = ValidationSet.load(FaultyFileSystem.uri(val), FaultyFileSystem.settings(new FaultyFileSystem.Rule(
                "flaky", ".*/val/.*", FaultyFileSystem.Mode.OPEN, 0, 2)).toConfiguration(), TILE);

        DatasetScore tiled = set.score(model);

        int side = Math.max(TILE, 4 * g.receptiveFieldRadius());
        assertTrue(model.largestSide <= side, "the model saw " + model.largestSide + " pixels, more than a tile of " + side);
        assertTrue(model.calls > 2 * images.size(), "several tiles per image, got " + model.calls + " calls");
        ImageDecoder decoder = new ImageDecoder();
        for (int i = 0; i < images.size(); i++) {
            ImageScore whole = SrEvaluator.score(g, "whole", decoder.decode(images.get(i)));
            assertEquals(whole.psnrY(), tiled.images().get(i).psnrY(), 1e-9, images.get(i) + " PSNR-Y");
            assertEquals(whole.ssimY(), tiled.images().get(i).ssimY(), 1e-12, images.get(i) + " SSIM-Y");
        }
    }

    /** The generator, noting the largest input side it is given. */
    private static final class Recording implements SrModel {
        private final Generator g;
        int largestSide;
        int calls;

        Recording(Generator g) {
            this.g = g;
        }

        @Override
        public int scale() {
            return g.scale();
        }

        @Override
        public int receptiveFieldRadius() {
            return g.receptiveFieldRadius();
        }

        @Override
        public INDArray upscale(INDArray lrBatch) {
            calls++;
            largestSide = (int) Math.max(largestSide, Math.max(lrBatch.size(1), lrBatch.size(2)));
            return g.upscale(lrBatch);
        }
    }
}
