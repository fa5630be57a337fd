package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The blocked layout's conversions and shuffle against ND4J's own permutations, and blocked
 * convolutions against libnd4j's NHWC conv ops (which the gradient checks and PyTorch fixtures
 * cover) on the same data: forward, input and parameter gradients, in every pairing of layouts a
 * planned network can hand a {@link Conv2d}.
 */
class BlockedLayoutTest {
    private static final double TOLERANCE = 2e-5; // relative to the largest magnitude: fp32 summation order

    /** Elsewhere the layout is never used (BlockedTrainingTest checks that a CPU without AVX-512 trains NHWC). */
    @org.junit.jupiter.api.BeforeEach
    void needsAvx512() {
        org.junit.jupiter.api.Assumptions.assumeTrue(BlockedLayout.UNAVAILABLE == null, () -> "no blocked layout here: " + BlockedLayout.UNAVAILABLE);
    }

    @Test
    void theLayoutIsNChw16cAndConvertsBothWaysExactly() {
        INDArray x = rand(2, 5, 7, 32);
        INDArray b = BlockedLayout.toBlocked(x);
        assertArrayEquals(new long[] {2, 2, 5, 7, 16}, b.shape());
        // [n,h,w,cb·16+l] → [n,cb,h,w,l]
        INDArray expected = x.reshape('c', 2, 5, 7, 2, 16).permute(0, 3, 1, 2, 4).dup('c');
        assertEquals(expected, b);
        assertEquals(x, BlockedLayout.toNhwc(b));
    }

    @ParameterizedTest
    @CsvSource({"2, 64", "2, 128", "3, 144", "4, 256"})
    void theBlockedShuffleMovesWhatTheNhwcShuffleMoves(int r, int channels) {
        INDArray x = rand(2, 3, 5, channels);
        INDArray nhwc = SubPixelShuffle.depthToSpace(x, r);
        INDArray blocked = BlockedLayout.depthToSpace(BlockedLayout.toBlocked(x), r);
        assertEquals(BlockedLayout.toBlocked(nhwc), blocked);
        assertEquals(BlockedLayout.toBlocked(x), BlockedLayout.spaceToDepth(blocked, r));
        DepthToSpace layer = new DepthToSpace(r);
        assertEquals(blocked, layer.forward(BlockedLayout.toBlocked(x), Mode.TRAIN));
        assertEquals(BlockedLayout.toBlocked(x), layer.backward(blocked), "the gradient keeps the blocked layout");
    }

    @Test
    void aShuffleToFewerThan16ChannelsIsRefused() {
        INDArray x = BlockedLayout.toBlocked(rand(1, 3, 3, 32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockedLayout.depthToSpace(x, 2));
        assertTrue(e.getMessage().contains("[1, 2, 3, 3, 16]"), e.getMessage());
    }

    /**
     * Few channels on either side (an image's: NHWC) included; at stride 1 their gradients come by the
     * transposed convolution. 27 outputs (srvgg ×3's last) run padded to 32, as a blocked map would.
     */
    @ParameterizedTest
    @CsvSource({"32, 48, 3, 1, 1", "16, 64, 3, 2, 1", "32, 32, 1, 1, 0", "64, 16, 5, 1, 2", "32, 3, 3, 1, 1", "16, 20, 3, 2, 1",
            "3, 32, 3, 1, 1", "12, 64, 3, 1, 1", "3, 16, 5, 1, 2", "4, 32, 3, 1, 0", "32, 3, 5, 1, 2", "48, 8, 1, 1, 0", "32, 3, 3, 1, 0", "32, 27, 3, 1, 1"})
    void blockedConvolutionsMatchLibnd4jsNhwcOps(int cin, int cout, int k, int stride, int pad) {
        INDArray x = rand(2, 9, 11, cin), w = rand(k, k, cin, cout), b = rand(cout);
        INDArray ref = NativeOps.conv2d(x, w, b, stride, pad);
        boolean blockedOut = cout % 16 == 0; // else the image-like output comes NHWC
        boolean blockedIn = !BlockedConv.nhwcInput(cin);
        INDArray xIn = blockedIn ? BlockedLayout.toBlocked(x) : x;
        INDArray y = BlockedConv.forward(xIn, w, b, stride, pad);
        assertEquals(blockedOut, BlockedLayout.isBlocked(y));
        assertClose(ref, blockedOut ? BlockedLayout.toNhwc(y) : y, "forward");

        INDArray g = rand(ref.shape());
        INDArray gIn = blockedOut ? BlockedLayout.toBlocked(g) : g;
        INDArray[] expected = NativeOps.conv2dBackward(x, w, b, g, stride, pad);
        INDArray[] got = BlockedConv.backward(xIn, w, gIn, stride, pad, true, true);
        assertEquals(blockedIn, BlockedLayout.isBlocked(got[0]));
        assertClose(expected[0], blockedIn ? BlockedLayout.toNhwc(got[0]) : got[0], "dx");
        assertClose(expected[1], got[1], "dw");
        assertClose(expected[2], got[2], "db");
        INDArray[] inputOnly = BlockedConv.backward(xIn, w, gIn, stride, pad, true, false);
        assertNull(inputOnly[1]);
        assertEquals(got[0], inputOnly[0]);
        INDArray[] paramsOnly = BlockedConv.backward(xIn, w, gIn, stride, pad, false, true);
        assertNull(paramsOnly[0]);
        assertEquals(got[1], paramsOnly[1]);
        assertEquals(got[2], paramsOnly[2]);
    }

    /** The transposed kernel swaps the channels and flips the window, and is its own inverse. */
    @Test
    void theTransposedKernelSwapsChannelsAndFlipsTheWindow() {
        INDArray w = rand(3, 3, 5, 7);
        INDArray t = BlockedConv.transposedKernel(w);
        assertArrayEquals(new long[] {3, 3, 7, 5}, t.shape());
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 7; i++) {
                    for (int j = 0; j < 5; j++) assertEquals(w.getFloat(2 - a, 2 - b, j, i), t.getFloat(a, b, i, j));
                }
            }
        }
        assertEquals(w, BlockedConv.transposedKernel(t));
    }

    /** A few-channel input runs here only at stride 1 (its data gradient is then a convolution) and into 16·k channels. */
    @Test
    void aFewChannelInputNeedsStrideOneAndABlockedOutput() {
        assertTrue(BlockedConv.applies(3, 32, 1, DataType.FLOAT));
        assertFalse(BlockedConv.applies(3, 32, 2, DataType.FLOAT));
        assertFalse(BlockedConv.applies(3, 3, 1, DataType.FLOAT));
        assertFalse(BlockedConv.applies(3, 32, 1, DataType.DOUBLE));
        assertTrue(BlockedConv.applies(32, 3, 2, DataType.FLOAT));
    }

    /**
     * oneDNN fixes a primitive's thread count when it is built and the first-layer kernel splits its
     * weight and bias gradients by thread (other bits at 1 and 2 threads): a thread that built the
     * primitives at 2 OpenMP threads and then runs at 1 (a Spark task thread taking its share of the
     * cores) must get the bits a fresh thread at 1 gets.
     */
    @Test
    void keptPrimitivesFollowTheCallingThreadsOpenMpSetting() throws Exception {
        INDArray x = rand(16, 48, 48, 3), w = rand(3, 3, 3, 32), b = rand(32), g = BlockedLayout.toBlocked(rand(16, 48, 48, 32));
        java.util.function.IntFunction<INDArray[]> step = threads -> {
            var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
            ops.setOmpNumThreads(threads); // this thread only
            BlockedConv.forward(x, w, b, 1, 1).close();
            INDArray[] d = BlockedConv.backward(x, w, g, 1, 1, false, true);
            return new INDArray[] {d[1], d[2]};
        };
        INDArray[] fresh = onNewThread(() -> step.apply(1));
        INDArray[] reused = onNewThread(() -> {
            step.apply(2);
            return step.apply(1);
        });
        assertArrayEquals(fresh[0].dup().data().asFloat(), reused[0].dup().data().asFloat(), "weight gradient");
        assertArrayEquals(fresh[1].dup().data().asFloat(), reused[1].dup().data().asFloat(), "bias gradient");
    }

    private static <T> T onNewThread(java.util.concurrent.Callable<T> work) throws Exception {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return pool.submit(work).get();
        } finally {
            pool.shutdown();
        }
    }

    /** Every layer pairing: NHWC or blocked in, NHWC or blocked out, image-sized channel counts on either side. */
    @ParameterizedTest
    @CsvSource({"32, 32, false, true", "32, 32, true, true", "32, 32, true, false", "32, 32, false, false",
            "3, 32, false, true", "32, 3, true, false", "32, 48, true, true"})
    void aConvLayerTrainsTheSameInEveryLayoutPairing(int cin, int cout, boolean inBlocked, boolean outBlocked) {
        INDArray x = rand(2, 6, 7, cin);
        INDArray gradOut = rand(2, 6, 7, cout);
        Conv2d plain = Conv2d.trainable("c", rand(3, 3, cin, cout), rand(cout), 1);
        Conv2d planned = Conv2d.trainable("c", plain.params().get(0).value().dup(), plain.params().get(1).value().dup(), 1);
        planned.emitBlocked(outBlocked);

        INDArray yRef = plain.forward(x, Mode.TRAIN);
        INDArray y = planned.forward(inBlocked ? BlockedLayout.toBlocked(x) : x, Mode.TRAIN);
        boolean yBlocked = outBlocked && cout % 16 == 0;
        assertEquals(yBlocked, BlockedLayout.isBlocked(y), "the output's layout");
        assertClose(yRef, yBlocked ? BlockedLayout.toNhwc(y) : y, "forward");

        INDArray dxRef = plain.backward(gradOut);
        INDArray dx = planned.backward(yBlocked ? BlockedLayout.toBlocked(gradOut) : gradOut);
        assertEquals(inBlocked, BlockedLayout.isBlocked(dx), "the input gradient comes in the input's layout");
        assertClose(dxRef, inBlocked ? BlockedLayout.toNhwc(dx) : dx, "dx");
        assertSameGradients(plain, planned);

        INDArray z = planned.forward(inBlocked ? BlockedLayout.toBlocked(x) : x, Mode.INFER);
        assertFalse(BlockedLayout.isBlocked(z), "inference hands NHWC on");
    }

    @Test
    void backwardParamsOnlyAccumulatesTheSameGradients() {
        INDArray x = rand(2, 6, 7, 32), gradOut = rand(2, 6, 7, 32);
        Conv2d plain = Conv2d.trainable("c", rand(3, 3, 32, 32), rand(32), 1);
        Conv2d planned = Conv2d.trainable("c", plain.params().get(0).value().dup(), plain.params().get(1).value().dup(), 1);
        planned.emitBlocked(true);
        plain.forward(x, Mode.TRAIN);
        planned.forward(x, Mode.TRAIN);
        plain.backwardParamsOnly(gradOut);
        planned.backwardParamsOnly(BlockedLayout.toBlocked(gradOut));
        assertSameGradients(plain, planned);
    }

    @Test
    void thePlanTakesConvolutionsLeakyReluResidualsAndShufflesAndEndsInNhwc() {
        Init init = new Init(1, DataType.FLOAT);
        List<Conv2d> convs = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        layers.add(conv(convs, "head", 3, 32, init));
        layers.add(new LeakyRelu("a", 0.1));
        layers.add(new Residual(new Sequential("r", List.of(conv(convs, "r1", 32, 32, init), new LeakyRelu("r", 0),
                conv(convs, "r2", 32, 32, init)))));
        layers.add(conv(convs, "up", 32, 128, init));
        layers.add(new DepthToSpace(2));
        layers.add(conv(convs, "last", 32, 3, init));
        assertTrue(BlockedPlan.apply(new Sequential("g", layers)));
        assertEquals(List.of(true, true, true, true, false), convs.stream().map(Conv2d::emitsBlocked).toList(),
                "blocked from the head to the last conv, which hands on NHWC");

        INDArray x = rand(2, 6, 6, 3);
        List<INDArray> seen = new ArrayList<>();
        Layer spy = new Layer() {
            @Override public INDArray forward(INDArray in, Mode mode) { seen.add(in); return in.dup(); }
            @Override public INDArray backward(INDArray g) { return g.dup(); }
        };
        List<Layer> spied = new ArrayList<>(layers);
        spied.add(5, spy); // between the shuffle and the last conv
        INDArray y = new Sequential("g", spied).forward(x, Mode.TRAIN);
        assertTrue(BlockedLayout.isBlocked(seen.get(0)), "blocked from the head to the last conv");
        assertArrayEquals(new long[] {2, 12, 12, 3}, y.shape());
    }

    @Test
    void thePlanLeavesNetworksWithOtherLayersNhwc() {
        Init init = new Init(1, DataType.FLOAT);
        List<Conv2d> convs = new ArrayList<>();
        Sequential withTransposed = new Sequential("g", List.of(conv(convs, "a", 3, 32, init), new TransposedConv2d("t", 32, 32, 2, init),
                conv(convs, "b", 32, 3, init)));
        assertFalse(BlockedPlan.apply(withTransposed));
        // 8-channel msrresnet's upsampling: 8 → 32 (nothing gained: the shuffle after it goes back to 8 channels)
        Sequential narrow = new Sequential("g", List.of(conv(convs, "e", 3, 8, init), new LeakyRelu("a", 0.1),
                conv(convs, "f", 8, 32, init), new DepthToSpace(2), new LeakyRelu("b", 0.1), conv(convs, "g", 8, 3, init)));
        assertFalse(BlockedPlan.apply(narrow), "no convolution would run blocked: only conversions there and back");
        assertTrue(convs.stream().noneMatch(Conv2d::emitsBlocked), "nothing applied");
    }

    /** SRVGGNetCompact's tail: a blocked 48-channel map shuffled to 3 channels goes on NHWC, its gradient comes back blocked. */
    @Test
    void aShuffleToAnImageHandsOnNhwcAndTakesItsGradientBack() {
        Init init = new Init(1, DataType.FLOAT);
        List<Conv2d> convs = new ArrayList<>();
        List<Layer> layers = List.of(conv(convs, "a", 3, 32, init), new PRelu("p", 32, init), conv(convs, "b", 32, 48, init),
                new DepthToSpace(4));
        Sequential planned = new Sequential("g", layers);
        assertTrue(BlockedPlan.apply(planned));
        Sequential plain = new Sequential("g", List.of(copy(convs.get(0)), new PRelu("p", 32, init), copy(convs.get(1)), new DepthToSpace(4)));
        INDArray x = rand(2, 5, 6, 3), g = rand(2, 20, 24, 3);
        INDArray y = planned.forward(x, Mode.TRAIN);
        assertEquals(4, y.rank());
        assertClose(plain.forward(x, Mode.TRAIN), y, "forward");
        planned.backwardParamsOnly(g);
        plain.backwardParamsOnly(g);
        assertSameGradients(plain, planned);
    }

    @Test
    void blockedPreluMatchesNhwcPrelu() {
        Init init = new Init(3, DataType.FLOAT);
        PRelu nhwc = new PRelu("p", 48, init), blocked = new PRelu("p", 48, init);
        INDArray slopes = rand(48);
        nhwc.params().get(0).value().assign(slopes);
        blocked.params().get(0).value().assign(slopes);
        INDArray x = rand(2, 5, 7, 48), g = rand(2, 5, 7, 48);
        INDArray y = blocked.forward(BlockedLayout.toBlocked(x), Mode.TRAIN);
        assertEquals(nhwc.forward(x, Mode.TRAIN), BlockedLayout.toNhwc(y));
        assertEquals(nhwc.backward(g), BlockedLayout.toNhwc(blocked.backward(BlockedLayout.toBlocked(g))));
        assertClose(nhwc.params().get(0).grad(), blocked.params().get(0).grad(), "slope gradient");
        INDArray inPlace = BlockedLayout.toBlocked(x);
        assertEquals(y, blocked.forwardInPlace(inPlace, Mode.INFER));
    }

    @Test
    void blockedNearestUpsamplingMatchesNhwc() {
        NearestUpsample up = new NearestUpsample(2);
        INDArray x = rand(2, 3, 5, 32), g = rand(2, 6, 10, 32);
        assertEquals(up.forward(x, Mode.TRAIN), BlockedLayout.toNhwc(up.forward(BlockedLayout.toBlocked(x), Mode.TRAIN)));
        assertClose(up.backward(g), BlockedLayout.toNhwc(up.backward(BlockedLayout.toBlocked(g))), "gradient");
    }

    /** ESRGAN's dense block on blocked maps: concatenations and their gradients' splits by whole channel blocks. */
    @Test
    void aBlockedDenseBlockTrainsAsAnNhwcOne() {
        DenseBlock nhwc = new DenseBlock("d", 32, 16, 5, 0.1, new Init(5, DataType.FLOAT));
        DenseBlock blocked = new DenseBlock("d", 32, 16, 5, 0.1, new Init(5, DataType.FLOAT));
        assertTrue(BlockedPlan.apply(new Sequential("g", List.of(Conv2d.trainable("head", rand(3, 3, 3, 32), rand(32), 1),
                blocked, Conv2d.trainable("tail", rand(3, 3, 32, 3), rand(3), 1)))));
        INDArray x = rand(2, 6, 7, 32), g = rand(2, 6, 7, 32);
        INDArray y = blocked.forward(BlockedLayout.toBlocked(x), Mode.TRAIN);
        assertTrue(BlockedLayout.isBlocked(y));
        assertClose(nhwc.forward(x, Mode.TRAIN), BlockedLayout.toNhwc(y), "forward");
        assertClose(nhwc.backward(g), BlockedLayout.toNhwc(blocked.backward(BlockedLayout.toBlocked(g))), "input gradient");
        assertSameGradients(nhwc, blocked);
    }

    @Test
    void aPixelUnshuffleBeforeTheFirstConvolutionIsPlanned() {
        Init init = new Init(1, DataType.FLOAT);
        List<Conv2d> convs = new ArrayList<>();
        Sequential g = new Sequential("g", List.of(new PixelUnshuffle(2), conv(convs, "a", 12, 32, init), new LeakyRelu("a", 0.2),
                conv(convs, "b", 32, 12, init)));
        Sequential plain = new Sequential("g", List.of(new PixelUnshuffle(2), copy(convs.get(0)), new LeakyRelu("a", 0.2), copy(convs.get(1))));
        assertTrue(BlockedPlan.apply(g));
        assertTrue(convs.get(0).emitsBlocked());
        INDArray x = rand(2, 6, 8, 3), grad = rand(2, 3, 4, 12);
        assertClose(plain.forward(x, Mode.TRAIN), g.forward(x, Mode.TRAIN), "forward");
        plain.backwardParamsOnly(grad);
        g.backwardParamsOnly(grad);
        assertSameGradients(plain, g);
    }

    /**
     * A few-channel output is computed in the kernels' padded layout in a buffer from ND4J per call;
     * the padding must read as zero (oneDNN zero-pads a memory when its handle is set), not as the
     * NaNs an earlier array left in a reused workspace: NaN × a zero weight would still be NaN.
     */
    @Test
    void aFewChannelOutputsPaddingIsZeroInAReusedWorkspace() {
        INDArray x = rand(2, 6, 7, 32), w = rand(3, 3, 32, 3), b = rand(3), g = rand(2, 6, 7, 3);
        INDArray[] expected = NativeOps.conv2dBackward(x, w, b, g, 1, 1);
        INDArray xb = BlockedLayout.toBlocked(x);
        org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration config = org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder()
                .initialSize(64L << 20).policyAllocation(org.nd4j.linalg.api.memory.enums.AllocationPolicy.STRICT)
                .policyLearning(org.nd4j.linalg.api.memory.enums.LearningPolicy.NONE).build();
        for (int cycle = 0; cycle < 2; cycle++) {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "padding")) {
                if (cycle == 0) {
                    Nd4j.createUninitialized(DataType.FLOAT, 4L << 20).assign(Float.NaN); // what the next cycle's arrays land on
                    continue;
                }
                INDArray y = BlockedConv.forward(xb, w, b, 1, 1);
                INDArray[] got = BlockedConv.backward(xb, w, g, 1, 1, true, true);
                assertClose(NativeOps.conv2d(x, w, b, 1, 1), y, "forward");
                assertClose(expected[0], BlockedLayout.toNhwc(got[0]), "dx");
                assertClose(expected[1], got[1], "dw");
                assertClose(expected[2], got[2], "db");
            }
        }
    }

    private static Conv2d copy(Conv2d c) {
        return Conv2d.trainable("copy", c.params().get(0).value().dup(), c.params().get(1).value().dup(), 1);
    }

    private static Conv2d conv(List<Conv2d> all, String name, int in, int out, Init init) {
        Conv2d c = new Conv2d(name, in, out, 3, 1, init);
        all.add(c);
        return c;
    }

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    /** Every parameter's gradient, in order. */
    private static void assertSameGradients(Layer expected, Layer actual) {
        List<Param> e = expected.params(), a = actual.params();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) assertClose(e.get(i).grad(), a.get(i).grad(), e.get(i).name());
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= TOLERANCE * scale, what + ": max difference " + diff + " against max magnitude " + scale);
    }
}
