package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.inference.NativeMemoryMode;
import io.srgan.core.inference.TilingConfig;
import org.junit.jupiter.api.Test;

/** The per-image memory estimate and a task's budget, against what was measured and what each decoder holds. */
class MemoryEstimateTest {
    private static final DecodeLayout PLAIN_RGB = new DecodeLayout(false, 3);
    private static final double MIB = 1 << 20;

    @Test
    void boundsTheReadmeMeasurementsOfA2048x384PngWithThe16x64GeneratorAtBatch1And4() {
        // README (StreamingMemoryCheck, binary units, the default DETACHED mode): msrresnet 16x64 ×4, tile 192, 2048x384 PNG:
        // batch 1 peaked at 757 MiB RSS (heap used 183, backend 139), batch 4 at 2118 MiB (heap used 213, backend 141)
        int[][] measured = {{1, 757, 183, 139}, {4, 2118, 213, 141}};
        for (int[] m : measured) {
            TilingConfig tiling = new TilingConfig(192, 38, m[0]);
            MemoryEstimate e = MemoryEstimate.of(2048, 384, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
            double nativeMeasured = (m[1] - m[2] - m[3]) * MIB;
            assertTrue(e.nativeBytes() >= nativeMeasured && e.nativeBytes() <= 1.25 * nativeMeasured, "batch " + m[0] + ": native " + e.nativeBytes());
        }
    }

    @Test
    void boundsTheReadmeMeasurementOfA4096SquarePngWithThe16x64GeneratorInAWorkspace() {
        // README (StreamingMemoryCheck, binary units): msrresnet 16x64 ×4, tile 192, batch 1, 4096² PNG → 16384², WORKSPACE:
        // heap used 312 MiB, 140 MiB for the backend, 2.32 GiB RSS at the peak
        TilingConfig tiling = new TilingConfig(192, 35, 1).withMemoryMode(NativeMemoryMode.WORKSPACE);
        MemoryEstimate e = MemoryEstimate.of(4096, 4096, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        double heapMeasured = 312 * MIB;
        double nativeMeasured = 2.32 * 1024 * MIB - heapMeasured - 140 * MIB;
        assertTrue(e.heapBytes() >= heapMeasured && e.heapBytes() <= 1.25 * heapMeasured, "heap " + e.heapBytes());
        assertTrue(e.nativeBytes() >= nativeMeasured && e.nativeBytes() <= 1.25 * nativeMeasured, "native " + e.nativeBytes());
    }

    @Test
    void heapGrowsWithTheWidthNotTheHeightOfAPlainPng() {
        TilingConfig tiling = new TilingConfig(192, 10, 4);
        MemoryEstimate narrowTall = MemoryEstimate.of(1000, 50_000, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        MemoryEstimate narrowShort = MemoryEstimate.of(1000, 1000, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        MemoryEstimate wide = MemoryEstimate.of(50_000, 1000, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        assertEquals(narrowShort.heapBytes(), narrowTall.heapBytes());
        assertEquals(narrowShort.nativeBytes(), narrowTall.nativeBytes());
        // strip: 192·4 rows × 200000 × 4 channels × 4 B, with the 1.5 headroom and the LR rows
        assertTrue(wide.heapBytes() > 1.5 * 768L * 200_000 * 16, "wide " + wide.heapBytes());
        assertTrue(wide.heapPart().startsWith("a strip of 768 output rows × 200000 pixels"), wide.heapPart());
    }

    @Test
    void wholeImageDecodesAndJpegOutputCountTheWholeImage() {
        TilingConfig tiling = new TilingConfig(64, 8, 2);
        MemoryEstimate plain = MemoryEstimate.of(4000, 3000, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 2, 16, false);
        MemoryEstimate interlaced = MemoryEstimate.of(4000, 3000, "png", new DecodeLayout(true, 3), OutputFormat.Encoding.PNG, tiling, 2, 16, false);
        assertEquals((long) (1.5 * 4000 * 3000 * 3 * 4), interlaced.heapBytes() - plain.heapBytes(), 1.0, "PNGJ's int rows of the image");
        assertTrue(interlaced.heapPart().startsWith("the whole interlaced PNG of 4000x3000"), interlaced.heapPart());

        MemoryEstimate baseline = MemoryEstimate.of(4000, 3000, "jpeg", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 2, 16, false);
        MemoryEstimate progressive = MemoryEstimate.of(4000, 3000, "jpeg", new DecodeLayout(true, 3), OutputFormat.Encoding.PNG, tiling, 2, 16, false);
        assertEquals(4000L * 3000 * 3 * 2, progressive.nativeBytes() - baseline.nativeBytes(), "libjpeg's coefficients");
        assertEquals(baseline.heapBytes(), progressive.heapBytes());

        MemoryEstimate jpegOut = MemoryEstimate.of(4000, 3000, "jpeg", PLAIN_RGB, OutputFormat.Encoding.JPEG, tiling, 2, 16, false);
        assertEquals((long) (1.5 * 8000L * 6000 * 3 * 2), jpegOut.heapBytes() - baseline.heapBytes(), 1.0, "raster and encoded bytes");
        assertTrue(jpegOut.heapPart().startsWith("a 8000x6000 JPEG output encoded whole"), jpegOut.heapPart());
    }

    @Test
    void activationsCountOnlyTheTilesAStripHas() {
        TilingConfig tiling = new TilingConfig(192, 10, 8);
        MemoryEstimate small = MemoryEstimate.of(100, 80, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        // one tile of 100x80 LR pixels: (1 × 3.25 + 0.4) maps of 400x320 × 64 channels × 4 B, plus its input and output
        long maps = (long) ((MemoryEstimate.DETACHED_MAPS_PER_TILE + MemoryEstimate.DETACHED_SCRATCH_MAPS) * 400 * 320 * 64 * 4);
        assertEquals(maps + 100L * 80 * 3 * 4 * 17, small.nativeBytes());
    }

    /**
     * bf16 keeps the bf16 copy of the largest convolution input beside the workspace: half a map per
     * tile. Measured (README): the upscale job, msrresnet 16x64 ×4, tile 192, batch 4, two tasks, peaked
     * 0.4–0.5 GB above fp32 (8.0–8.1 against 7.6–7.7 GB); one 4096x512 image at batch 1 peaked below fp32
     * (2150 against 2294 MB: libnd4j's fp32 conv2d keeps blocked copies of its maps, oneDNN's NHWC bf16 none).
     */
    @Test
    void bf16AddsHalfAMapPerTile() {
        TilingConfig tiling = new TilingConfig(192, 38, 4);
        MemoryEstimate fp32 = MemoryEstimate.of(1024, 1024, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, false);
        MemoryEstimate bf16 = MemoryEstimate.of(1024, 1024, "png", PLAIN_RGB, OutputFormat.Encoding.PNG, tiling, 4, 64, true);
        long map = 768L * 768 * 64 * 4;
        assertEquals(4 * map / 2, bf16.nativeBytes() - fp32.nativeBytes());
        assertEquals(fp32.heapBytes(), bf16.heapBytes());
        assertTrue(2 * (bf16.nativeBytes() - fp32.nativeBytes()) >= 0.5e9, "two tasks' bf16 buffers cover the measured 0.5 GB");
    }

    @Test
    void aTaskGetsItsShareOfTheJvmAndIsToldWhatToChange() {
        MemoryBudget budget = new MemoryBudget(8L << 30, "--native-memory", 4, 1, 2); // 4 slots, but the stage has 2 tasks
        MemoryBudget.TaskMemory task = budget.perTask();
        assertEquals(((8L << 30) - (MemoryBudget.BACKEND_MB << 20)) / 2, task.nativeBytes());
        assertEquals((Runtime.getRuntime().maxMemory() - (MemoryBudget.SPARK_RESERVED_MB << 20)) / 2, task.heapBytes());
        assertTrue(task.nativeSource().contains("--native-memory") && task.nativeSource().contains("shared by 2 tasks"), task.nativeSource());

        MemoryEstimate fits = new MemoryEstimate(task.heapBytes(), task.nativeBytes(), "h", "n");
        assertNull(task.refusal(fits));
        String heap = task.refusal(new MemoryEstimate(task.heapBytes() + 1, 0, "a strip", "n"));
        assertTrue(heap.contains("of Java heap (mostly a strip)") && heap.contains("--tile") && heap.contains("spark.executor.memory"), heap);
        String nat = task.refusal(new MemoryEstimate(0, task.nativeBytes() + 1, "h", "the model's activations"));
        assertTrue(nat.contains("of native memory (mostly the model's activations)") && nat.contains("--batch")
                && nat.contains("--native-memory"), nat);
    }

    @Test
    void executorCoresComeFromTheMasterInLocalModeElseFromTheSetting() {
        assertEquals(1, MemoryBudget.executorCores("local", null));
        assertEquals(3, MemoryBudget.executorCores("local[3]", null));
        assertEquals(2, MemoryBudget.executorCores("local[2,4]", 8));
        assertEquals(Runtime.getRuntime().availableProcessors(), MemoryBudget.executorCores("local[*]", null));
        assertEquals(2, MemoryBudget.executorCores("local-cluster[3, 2, 1024]", null));
        assertEquals(4, MemoryBudget.executorCores("yarn", 4));
        assertNull(MemoryBudget.executorCores("spark://master:7077", null));
    }
}
