package io.srgan.core.inference;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.FloatImage;
import io.srgan.core.nn.Init;
import io.srgan.core.util.LiveNativeBytes;
import io.srgan.core.util.UnfilledArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TiledUpscalerTest {
    private static final double ONE_LEVEL = 1.0 / 255;

    private static ConvShuffleModel x2;
    private static ConvShuffleModel x4;

    @BeforeAll
    static void models() {
        x2 = new ConvShuffleModel(2, 1, 8, 11);
        x4 = new ConvShuffleModel(1, 2, 6, 12);
    }

    @AfterAll
    static void closeModels() {
        x2.close();
        x4.close();
    }

    @Test
    void testModelsHaveTheRadiusOfTheirLayers() {
        assertEquals(4, x2.receptiveFieldRadius()); // 2 LR convs + 1 stage conv + final conv at ×2: 3.5
        assertEquals(3, x4.receptiveFieldRadius()); // 1 + 1 + 1/2 + final at ×4: 2.75
    }

    @ParameterizedTest(name = "x{0} tile {1} overlap {2} batch {3}")
    @CsvSource({
            "2, 16, 4, 1",
            "2, 13, 4, 3",
            "2, 20, 6, 4",
            "2, 64, 4, 2",  // tile larger than the image: one tile
            "4, 12, 3, 2",
            "4, 17, 5, 16"})
    void tiledEqualsWholeImageWhenOverlapCoversTheReceptiveField(int scale, int tile, int overlap, int batch) {
        ConvShuffleModel model = scale == 2 ? x2 : x4;
        FloatImage lr = TestImages.noise(37, 53, 3, 5);
        try (INDArray whole = model.upscaleWhole(lr);
             TiledUpscaler upscaler = new TiledUpscaler(model, new TilingConfig(tile, overlap, batch))) {
            assertTrue(TestImages.clampedFraction(whole) < 0.02, "test model saturates: the comparison would be weak");
            FloatImage tiled = upscaler.upscale(lr);
            assertEquals(37 * scale, tiled.height());
            assertEquals(53 * scale, tiled.width());
            double diff = TestImages.maxDiffToClamped(tiled, whole);
            assertTrue(diff <= ONE_LEVEL, "max difference " + diff);
        }
    }

    /**
     * The default (DETACHED) mode relies on the layers closing every map they make in a call: what
     * stays open until a GC piles up with the number of tiles, the reason workspaces were the default.
     */
    @ParameterizedTest
    @CsvSource({"msrresnet, 2, 16, 4", "rrdb, 1, 16, 4", "rrdb, 1, 16, 2", "srvgg, 3, 16, 4", "srresnet, 2, 16, 2"})
    void aGeneratorsCallsFreeEveryMapTheyMakeWithoutAGc(String arch, int blocks, int channels, int scale) throws InterruptedException {
        GeneratorConfig config = switch (arch) {
            case "rrdb" -> GeneratorConfig.rrdb(blocks, channels, 8, scale);
            case "srvgg" -> GeneratorConfig.srvgg(blocks, channels, scale);
            default -> new GeneratorConfig(arch, blocks, channels, scale, "subpixel");
        };
        Generator g = Generators.build(config, new Init(3, DataType.FLOAT));
        FloatImage lr = TestImages.noise(40, 52, 3, 5);
        long before = LiveNativeBytes.settled(); // a GC in the call then frees nothing an earlier test left
        long made = UnfilledArrays.allocations();
        try (TiledUpscaler upscaler = new TiledUpscaler(g, new TilingConfig(24, 6, 2))) {
            upscaler.upscale(lr); // 2 × 3 strips of tiles, a batch of 2 per call
        }
        assertTrue(UnfilledArrays.allocations() - made > 6 * blocks, arch + ": the maps come from UnfilledArrays");
        assertEquals(before, UnfilledArrays.liveBytes(), arch + ": bytes of maps left for the GC");
    }

    @Test
    void rrdbTiledEqualsWholeImageAtItsReceptiveField() {
        Generator g = Generators.build(GeneratorConfig.rrdb(1, 8, 4, 4), new Init(9, DataType.FLOAT));
        // dense blocks away from their near-identity start, so that a seam in the trunk would show
        g.trainable().stream().filter(p -> p.name().contains(".rdb")).forEach(p -> p.value().muli(20));
        g.params().get("conv_last.weight").value().muli(0.1); // outputs around mid-grey, not clamped
        g.params().get("conv_last.bias").value().assign(0.5);
        int r = g.receptiveFieldRadius();
        FloatImage lr = TestImages.noise(2 * r + 19, 2 * r + 31, 3, 6);
        try (INDArray in = Nd4j.create(lr.data(), new long[] {1, lr.height(), lr.width(), 3}, 'c');
             INDArray whole = g.upscale(in);
             TiledUpscaler exact = new TiledUpscaler(g, new TilingConfig(2 * r + 9, r, 2));
             TiledUpscaler half = new TiledUpscaler(g, new TilingConfig(2 * r + 9, r / 2, 2))) {
            assertTrue(TestImages.clampedFraction(whole) < 0.02, "test model saturates: the comparison would be weak, "
                    + TestImages.clampedFraction(whole));
            double exactDiff = TestImages.maxDiffToClamped(exact.upscale(lr), whole);
            assertTrue(exactDiff <= 2e-6, "exact tiling differs by " + exactDiff);
            // an RRDB's far field is weak (through 15 convs and two 0.2 residual scales per block) but
            // there: half the radius is not exact (3e-5 with these weights, deterministic)
            double halfDiff = TestImages.maxDiffToClamped(half.upscale(lr), whole);
            assertTrue(halfDiff > 10 * Math.max(exactDiff, 1e-6), "an overlap of half the radius must show: " + halfDiff);
        }
    }

    @Test
    void srvggTiledEqualsWholeImageAtItsReceptiveFieldAndNotBelow() {
        Generator g = Generators.build(GeneratorConfig.srvgg(3, 8, 4), new Init(11, DataType.FLOAT));
        // a small residual over the nearest-upsampled input, so that few outputs are clamped
        g.params().get("body.8.weight").value().muli(0.05);
        g.params().get("body.8.bias").value().assign(0);
        int r = g.receptiveFieldRadius();
        FloatImage lr = TestImages.noise(2 * r + 19, 2 * r + 31, 3, 8);
        try (INDArray in = Nd4j.create(lr.data(), new long[] {1, lr.height(), lr.width(), 3}, 'c');
             INDArray whole = g.upscale(in);
             TiledUpscaler exact = new TiledUpscaler(g, new TilingConfig(2 * r + 9, r, 2));
             TiledUpscaler short1 = new TiledUpscaler(g, new TilingConfig(2 * r + 9, r - 1, 2))) {
            assertTrue(TestImages.clampedFraction(whole) < 0.02, "test model saturates: " + TestImages.clampedFraction(whole));
            double exactDiff = TestImages.maxDiffToClamped(exact.upscale(lr), whole);
            assertTrue(exactDiff <= 2e-6, "exact tiling differs by " + exactDiff);
            double shortDiff = TestImages.maxDiffToClamped(short1.upscale(lr), whole);
            assertTrue(shortDiff > 10 * Math.max(exactDiff, 1e-6), "an overlap of r − 1 must show: " + shortDiff);
        }
    }

    @ParameterizedTest(name = "x{0}, tile 2r + {1}")
    @CsvSource({"2, 2", "2, 3", "2, 9", "1, 7"})
    void unshufflingRrdbTiledEqualsWholeImageOnOddSizes(int scale, int extra) {
        // ×2 (×1) RRDB reads 2×2 (4×4) groups: tiles start on multiples of the group, other sides are reflect-padded
        Generator g = Generators.build(GeneratorConfig.rrdb(1, 8, 4, scale), new Init(10, DataType.FLOAT));
        g.trainable().stream().filter(p -> p.name().contains(".rdb")).forEach(p -> p.value().muli(20));
        g.params().get("conv_last.weight").value().muli(0.1);
        g.params().get("conv_last.bias").value().assign(0.5);
        int r = g.receptiveFieldRadius();
        FloatImage lr = TestImages.noise(2 * r + 23, 2 * r + 30, 3, 7);
        try (INDArray in = Nd4j.create(lr.data(), new long[] {1, lr.height(), lr.width(), 3}, 'c');
             INDArray whole = g.upscale(in);
             TiledUpscaler tiled = new TiledUpscaler(g, new TilingConfig(2 * r + extra, r, 3))) {
            assertTrue(TestImages.clampedFraction(whole) < 0.02, "test model saturates");
            double diff = TestImages.maxDiffToClamped(tiled.upscale(lr), whole);
            assertTrue(diff <= 2e-6, "tiled differs from whole-image inference by " + diff);
        }
    }

    @Test
    void withoutOverlapTiledDiffersFromWholeImage() {
        assertDiffersWithOverlap(x2, 0);
        assertDiffersWithOverlap(x4, 0);
    }

    @Test
    void overlapOneBelowTheRadiusIsNotEnough() {
        assertDiffersWithOverlap(x2, x2.receptiveFieldRadius() - 1);
        assertDiffersWithOverlap(x4, x4.receptiveFieldRadius() - 1);
    }

    private static void assertDiffersWithOverlap(ConvShuffleModel model, int overlap) {
        FloatImage lr = TestImages.noise(37, 53, 3, 5);
        try (INDArray whole = model.upscaleWhole(lr);
             TiledUpscaler upscaler = new TiledUpscaler(model, new TilingConfig(16, overlap, 4))) {
            double diff = TestImages.maxDiffToClamped(upscaler.upscale(lr), whole);
            assertTrue(diff > 4 * ONE_LEVEL, "tile seams should show with overlap " + overlap + ", max difference " + diff);
        }
    }

    @Test
    void batchesSameSizeTilesAndPoolsDetachedInputs() {
        RecordingModel model = new RecordingModel(x2);
        FloatImage lr = TestImages.noise(30, 41, 3, 6);
        TileGrid grid = TileGrid.of(30, 41, 14, 4);
        try (MemoryWorkspace callersWorkspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace("callers-workspace");
             TiledUpscaler upscaler = new TiledUpscaler(model, new TilingConfig(14, 4, 4))) {
            upscaler.upscale(lr);
            upscaler.upscale(lr);
            assertEquals(6, grid.columnCount()); // batches of 4 and 2
            int perStrip = 2;
            assertEquals(2 * grid.stripCount() * perStrip, model.inputs.size());
            for (INDArray in : model.inputs) {
                assertTrue(in.size(0) <= 4);
                assertArrayEquals(new long[]{14, 14, 3}, new long[]{in.size(1), in.size(2), in.size(3)});
                assertFalse(in.isAttached(), "pooled inputs must not live in the caller's workspace");
            }
            assertTrue(model.inputs.stream().noneMatch(INDArray::wasClosed), "pooled inputs live until close()");
            Set<INDArray> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(model.inputs);
            assertEquals(2, distinct.size(), "one pooled input per batch shape");
            upscaler.close();
            assertTrue(model.inputs.stream().allMatch(INDArray::wasClosed), "close() releases pooled inputs");
        }
    }

    @Test
    void workspaceModeRunsEachCallInOneReusedWorkspace() {
        RecordingModel model = new RecordingModel(x2);
        FloatImage lr = TestImages.noise(30, 41, 3, 6);
        try (TiledUpscaler upscaler = new TiledUpscaler(model, new TilingConfig(14, 4, 3, NativeMemoryMode.WORKSPACE))) {
            upscaler.upscale(lr);
        }
        assertTrue(model.workspaceSizes.stream().allMatch(size -> size >= 0), "every call ran in a workspace");
        assertTrue(model.outputs.stream().allMatch(INDArray::isAttached), "outputs are reclaimed with the workspace");
        // Sized by the first call, then reused: a growing size would mean per-call memory piles up.
        List<Long> afterLearning = model.workspaceSizes.subList(2, model.workspaceSizes.size());
        assertEquals(1, afterLearning.stream().distinct().count(), "workspace sizes " + model.workspaceSizes);
    }

    @Test
    void detachedModeIsTheDefaultClosesOutputsAndGivesTheSameResult() {
        RecordingModel model = new RecordingModel(x2);
        FloatImage lr = TestImages.noise(30, 41, 3, 6);
        FloatImage detached;
        FloatImage inWorkspace;
        assertEquals(NativeMemoryMode.DETACHED, new TilingConfig(14, 4, 3).memoryMode());
        try (TiledUpscaler upscaler = new TiledUpscaler(model, new TilingConfig(14, 4, 3))) {
            detached = upscaler.upscale(lr);
        }
        assertTrue(model.workspaceSizes.stream().allMatch(size -> size < 0), "no call ran in a workspace");
        assertTrue(model.outputs.stream().allMatch(INDArray::wasClosed), "detached outputs are closed at once");
        try (TiledUpscaler upscaler = new TiledUpscaler(x2, new TilingConfig(14, 4, 3, NativeMemoryMode.WORKSPACE))) {
            inWorkspace = upscaler.upscale(lr);
        }
        assertArrayEquals(inWorkspace.data(), detached.data());
    }

    @Test
    void rgbaUpscalesColourWithTheModelAndAlphaBilinearly() {
        FloatImage lr = TestImages.noise(29, 34, 4, 8);
        try (INDArray whole = x2.upscaleWhole(TestImages.rgb(lr));
             TiledUpscaler upscaler = TiledUpscaler.exact(x2, 12)) {
            FloatImage out = upscaler.upscale(lr);
            assertEquals(4, out.channels());
            assertTrue(TestImages.maxDiffToClamped(TestImages.rgb(out), whole) <= ONE_LEVEL);
            FloatImage alpha = FloatImage.zeros(58, 68, 1);
            BilinearPlane.upscale(lr, 0, 29, 3, 2, alpha, 0, 0);
            for (int y = 0; y < 58; y++) {
                for (int x = 0; x < 68; x++) {
                    assertEquals(alpha.get(y, x, 0), out.get(y, x, 3), 1e-6, "alpha at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void wrongOutputShapeFromTheModelFailsClearly() {
        SrModel liar = new SrModel() {
            @Override public int scale() { return 2; }
            @Override public int receptiveFieldRadius() { return 0; }
            @Override public INDArray upscale(INDArray lr) {
                return Nd4j.zeros(lr.dataType(), lr.size(0), lr.size(1), lr.size(2), 3);
            }
        };
        try (TiledUpscaler upscaler = new TiledUpscaler(liar, new TilingConfig(8, 0, 1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> upscaler.upscale(TestImages.noise(5, 5, 3, 1)));
            assertTrue(e.getMessage().contains("model returned shape [1, 5, 5, 3]"), e.getMessage());
            assertTrue(e.getMessage().contains("expected [1, 10, 10, 3]"), e.getMessage());
        }
    }

    @Test
    void closedUpscalerRefusesWork() {
        TiledUpscaler upscaler = TiledUpscaler.exact(x2, 16);
        upscaler.close();
        assertThrows(IllegalStateException.class, () -> upscaler.upscale(TestImages.noise(4, 4, 3, 1)));
    }

    /** Delegates, and keeps every array passed in and out and the active workspace's size (−1: none). */
    private static final class RecordingModel implements SrModel {
        private final SrModel delegate;
        final List<INDArray> inputs = new ArrayList<>();
        final List<INDArray> outputs = new ArrayList<>();
        final List<Long> workspaceSizes = new ArrayList<>();

        RecordingModel(SrModel delegate) {
            this.delegate = delegate;
        }

        @Override public int scale() { return delegate.scale(); }
        @Override public int receptiveFieldRadius() { return delegate.receptiveFieldRadius(); }

        @Override
        public INDArray upscale(INDArray lrBatch) {
            MemoryWorkspace ws = Nd4j.getMemoryManager().getCurrentWorkspace();
            workspaceSizes.add(ws == null ? -1L : ws.getCurrentSize());
            INDArray out = delegate.upscale(lrBatch);
            inputs.add(lrBatch);
            outputs.add(out);
            return out;
        }
    }
}
