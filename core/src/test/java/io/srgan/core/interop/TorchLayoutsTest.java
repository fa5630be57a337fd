package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The layout conversions, element by element against PyTorch's definitions. */
class TorchLayoutsTest {
    @Test
    void pixelShuffleChannelsMoveToDepthToSpaceOrder() {
        for (int r : new int[] {2, 3}) {
            int c = 5;
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        int torch = ch * r * r + i * r + j; // PixelShuffle's source channel for (ch, i, j)
                        int here = (i * r + j) * c + ch; // depth_to_space's
                        assertEquals(here, TorchLayouts.shuffled(torch, c * r * r, r));
                    }
                }
            }
        }
    }

    @Test
    void convWeightIsTransposedToKernelKernelInOut() {
        long[] shape = {4, 3, 3, 3}; // [out, in, kH, kW]
        float[] v = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < v.length; i++) v[i] = i;
        FloatTensor w = TorchLayouts.convWeight(new FloatTensor(shape, v));
        assertArrayEquals(new long[] {3, 3, 3, 4}, w.shape());
        // torch w[o=2, i=1, y=0, x=2] = ((2·3 + 1)·3 + 0)·3 + 2 = 65 → here [y=0, x=2, i=1, o=2]
        assertEquals(65f, w.data()[((0 * 3 + 2) * 3 + 1) * 4 + 2]);
    }

    @Test
    void biasFollowsTheShuffledChannels() {
        FloatTensor b = TorchLayouts.bias(new FloatTensor(new long[] {8}, new float[] {0, 1, 2, 3, 4, 5, 6, 7}), 2);
        // C = 2: torch channel c·4 + s goes to s·2 + c
        assertArrayEquals(new float[] {0, 4, 1, 5, 2, 6, 3, 7}, b.data());
    }

    @Test
    void halfPrecisionDecodesExactly() {
        assertEquals(1.0f, StorageDtype.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, StorageDtype.halfToFloat((short) 0xc000));
        assertEquals(65504f, StorageDtype.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, StorageDtype.halfToFloat((short) 0x0001));
        assertEquals(-0.0f, StorageDtype.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, StorageDtype.halfToFloat((short) 0x7c00));
        assertEquals(0.333251953125f, StorageDtype.halfToFloat((short) 0x3555));
    }
}
