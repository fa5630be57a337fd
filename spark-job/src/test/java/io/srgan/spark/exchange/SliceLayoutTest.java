package io.srgan.spark.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceLayoutTest {
    private static final List<String> NAMES = List.of("a", "empty", "b", "c", "d");
    private static final long[] SIZES = {5, 0, 1, 37, 20};

    @Test
    void cutsTheFlatVectorIntoSlicesThatPasteBackExactly() {
        SliceLayout layout = SliceLayout.of(NAMES, SIZES, 7, 1);
        assertEquals(63, layout.totalFloats());
        assertEquals(9, layout.slices());
        assertEquals(7, layout.length(0));
        assertEquals(63 - 8 * 7, layout.length(8));
        float[][] tensors = random(SIZES, 1);
        float[][] copy = zeros(SIZES);
        for (int s = 0; s < layout.slices(); s++) layout.paste(s, layout.cut(s, tensors), copy);
        for (int i = 0; i < tensors.length; i++) assertArrayEquals(tensors[i], copy[i], 0f, NAMES.get(i));
    }

    @Test
    void aSliceSpansTensorsInOrder() {
        SliceLayout layout = SliceLayout.of(NAMES, SIZES, 7, 1);
        float[][] tensors = random(SIZES, 2);
        float[] first = layout.cut(0, tensors); // a[0..4], b[0], c[0]
        assertEquals(tensors[0][4], first[4]);
        assertEquals(tensors[2][0], first[5]);
        assertEquals(tensors[3][0], first[6]);
        assertEquals("c", layout.tensorAt(6));
        assertEquals("b", layout.tensorAt(5));
        assertEquals("d", layout.tensorAt(62));
    }

    @Test
    void slicesShrinkSoThatEveryReducerGetsOne() {
        SliceLayout layout = SliceLayout.of(NAMES, SIZES, 1 << 20, 4);
        assertEquals(16, layout.sliceFloats());
        assertEquals(4, layout.slices());
        assertEquals(1, SliceLayout.of(List.of("x"), new long[] {3}, 8, 10).sliceFloats());
    }

    @Test
    void aWrongSizeIsAnError() {
        SliceLayout layout = SliceLayout.of(NAMES, SIZES, 7, 1);
        float[][] tensors = random(SIZES, 3);
        tensors[3] = new float[36];
        assertThrows(IllegalArgumentException.class, () -> layout.cut(1, tensors));
        assertThrows(IllegalArgumentException.class, () -> layout.paste(0, new float[6], zeros(SIZES)));
    }

    static float[][] random(long[] sizes, long seed) {
        Random r = new Random(seed);
        float[][] t = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            t[i] = new float[(int) sizes[i]];
            for (int j = 0; j < t[i].length; j++) t[i][j] = (float) r.nextGaussian();
        }
        return t;
    }

    static float[][] zeros(long[] sizes) {
        float[][] t = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) t[i] = new float[(int) sizes[i]];
        return t;
    }
}
