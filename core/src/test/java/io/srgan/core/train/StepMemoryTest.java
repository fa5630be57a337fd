package io.srgan.core.train;

import static io.srgan.core.train.GanTrainerTest.batch;
import static io.srgan.core.train.GanTrainerTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImagePair;
import io.srgan.core.data.PatchSampler;
import io.srgan.core.data.PatchSpec;
import io.srgan.core.data.SamplerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PSNR steps' reused workspace ({@link StepMemory}) against steps outside any workspace. An
 * array a step made and something kept would be overwritten by the next step in the workspace, so
 * the two trainers would part; they must agree bit for bit.
 */
class StepMemoryTest {
    /** @param generator arch[-channels]/upsampler/pixel loss (8 channels unless given; 16·k trains in the blocked layout) */
    private static TrainConfig config(String generator, long psnrSteps) {
        String[] g = generator.split("/");
        String[] arch = g[0].split("-");
        int channels = arch.length > 1 ? Integer.parseInt(arch[1]) : 8;
        TrainConfig c = GanTrainerTest.config("msrresnet", "ragan", 0, psnrSteps, 0.9);
        return c.withNetworks(new GeneratorConfig(arch[0], 2, channels, 2, g[1], 4), c.discriminator())
                .withLoss(new LossConfig(g[2], 1.0, "ragan", 1e-2, 0, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"srresnet/subpixel/l1", "msrresnet/subpixel/mse", "msrresnet/transposed/charbonnier",
            "rrdb/nearest/l1", "srvgg/subpixel/l1", "msrresnet-16/subpixel/l1", "srvgg-32/subpixel/charbonnier"})
    void stepsInTheWorkspaceTrainExactlyAsStepsOutsideIt(String arch) {
        TrainConfig c = config(arch, 4); // four PSNR steps (in the workspace), then two GAN steps (outside)
        GanTrainer inWorkspace = new GanTrainer(c);
        GanTrainer outside = new GanTrainer(c, StepMemory.outsideWorkspaces());
        for (int i = 0; i < 6; i++) {
            INDArray[] b = batch(i);
            assertEquals(outside.step(b[0], b[1]).values(), inWorkspace.step(b[0], b[1]).values(), arch + ", step " + i);
        }
        assertSameState(outside, inWorkspace, arch);
        inWorkspace.releaseStepMemory();
    }

    @Test
    void aFailedFirstStepLeavesNoBlockSizedByIt() {
        TrainConfig c = config("msrresnet/subpixel/l1", 100);
        StepMemory memory = new StepMemory();
        GanTrainer t = new GanTrainer(c, memory);
        INDArray[] b = batch(0);
        INDArray wrongHr = Nd4j.rand(DataType.FLOAT, 3, 8, 8, 3); // fails at the loss, after G's forward allocated
        assertThrows(RuntimeException.class, () -> t.step(b[0], wrongHr));
        assertEquals(0, memory.currentSize(), "released after the failure");

        StepMemory clean = new StepMemory();
        GanTrainer reference = new GanTrainer(c, clean);
        step(t, reference, 1);
        assertEquals(clean.currentSize(), memory.currentSize(), "learned from the first whole step");
        t.releaseStepMemory();
        reference.releaseStepMemory();
    }

    @Test
    void theTrainingLoopTrainsAsStepsOutsideWorkspacesAndFreesTheBlockAtItsEnd() {
        TrainConfig c = config("msrresnet/subpixel/l1", 3); // the loop crosses into the GAN phase
        StepMemory memory = new StepMemory();
        GanTrainer t = new GanTrainer(c, memory);
        GanTrainer reference = new GanTrainer(c, StepMemory.outsideWorkspaces());
        new LocalTrainingLoop(t, sampler(), 2, List.of()).runUntil(5);
        new LocalTrainingLoop(reference, sampler(), 2, List.of()).runUntil(5);
        assertEquals(0, memory.currentSize(), "the loop frees the block when it ends");
        assertFalse(Nd4j.getWorkspaceManager().getAllWorkspacesIdsForCurrentThread().contains(memory.id()));
        assertSameState(reference, t, "loop");
    }

    private static PatchSampler sampler() {
        Random r = new Random(5);
        List<ImagePair> pairs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] px = new float[24 * 24 * 3];
            for (int k = 0; k < px.length; k++) px[k] = r.nextFloat();
            pairs.add(ImagePair.fromHr("img" + i, new FloatImage(24, 24, 3, px), 2));
        }
        return new PatchSampler(pairs, PatchSpec.augmented(2, 8), SamplerState.start(0));
    }

    @Test
    void theBlockIsLearnedOnTheFirstStepReusedAfterAndFreedOnRelease() {
        TrainConfig c = config("msrresnet/subpixel/l1", 100);
        StepMemory memory = new StepMemory();
        GanTrainer t = new GanTrainer(c, memory);
        GanTrainer reference = new GanTrainer(c, StepMemory.outsideWorkspaces());
        int i = 0;
        assertEquals(0, memory.currentSize());
        step(t, reference, i++);
        long size = memory.currentSize();
        assertTrue(size > 0, "the first step learns the size and leaves the block");
        step(t, reference, i++);
        step(t, reference, i++);
        assertEquals(size, memory.currentSize(), "later steps reuse it");

        t.releaseStepMemory();
        assertEquals(0, memory.currentSize());
        assertFalse(Nd4j.getWorkspaceManager().getAllWorkspacesIdsForCurrentThread().contains(memory.id()),
                "released: its workspace is gone from this thread");
        step(t, reference, i++);
        assertEquals(size, memory.currentSize(), "learned again after a release");
        step(t, reference, i);
        assertSameState(reference, t, "after a release");
        t.releaseStepMemory();
    }

    private static void step(GanTrainer t, GanTrainer reference, int i) {
        INDArray[] b = batch(i);
        assertEquals(reference.step(b[0], b[1]).values(), t.step(b[0], b[1]).values(), "step " + i);
    }

    private static void assertSameState(GanTrainer expected, GanTrainer actual, String what) {
        TrainState a = TrainState.export(expected);
        TrainState b = TrainState.export(actual);
        assertEquals(a.counters(), b.counters());
        for (Map.Entry<String, INDArray> e : a.tensors().entrySet()) {
            assertEquals(e.getValue(), b.tensors().get(e.getKey()), what + ": " + e.getKey() + " differs");
        }
    }
}
