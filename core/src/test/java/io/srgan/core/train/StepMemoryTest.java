package io.srgan.core.train;

import static io.srgan.core.train.GanTrainerTest.batch;
import static io.srgan.core.train.GanTrainerTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.GeneratorConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PSNR steps' reused workspace ({@link StepMemory}) against steps outside any workspace. An
 * array a step made and something kept would be overwritten by the next step in the workspace, so
 * the two trainers would part; they must agree bit for bit.
 */
class StepMemoryTest {
    private static TrainConfig config(String arch, long psnrSteps) {
        TrainConfig c = GanTrainerTest.config("msrresnet", "ragan", 0, psnrSteps, 0.9);
        String upsampler = arch.equals("rrdb") ? "nearest" : "subpixel";
        return c.withNetworks(new GeneratorConfig(arch, 2, 8, 2, upsampler, 4), c.discriminator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"srresnet", "msrresnet", "rrdb", "srvgg"})
    void stepsInTheWorkspaceTrainExactlyAsStepsOutsideIt(String arch) {
        TrainConfig c = config(arch, 4); // four PSNR steps (in the workspace), then two GAN steps (outside)
        GanTrainer inWorkspace = new GanTrainer(c);
        GanTrainer outside = new GanTrainer(c, StepMemory.outsideWorkspaces());
        for (int i = 0; i < 6; i++) {
            INDArray[] b = batch(i);
            assertEquals(outside.step(b[0], b[1]).values(), inWorkspace.step(b[0], b[1]).values(), arch + ", step " + i);
        }
        assertSameState(outside, inWorkspace, arch);
    }

    @Test
    void theBlockIsLearnedOnTheFirstStepReusedAfterAndFreedOnRelease() {
        TrainConfig c = config("msrresnet", 100);
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
        step(t, reference, i++);
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
