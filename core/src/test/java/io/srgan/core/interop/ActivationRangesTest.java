package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** Calibration ranges widen over every observation, read a buffer from its position, and refuse NaN and unknown tensors by name. */
class ActivationRangesTest {
    @Test
    void rangesWidenOverObservationsAndRefuseNanAndUnknownTensors() {
        ActivationRanges r = new ActivationRanges();
        r.observe("a", FloatBuffer.wrap(new float[] {0.5f, -1f, 2f}));
        FloatBuffer later = FloatBuffer.wrap(new float[] {-9f, 3f, 1f});
        later.position(1); // only what remains is observed
        r.observe("a", later);
        assertArrayEquals(new float[] {-1f, 3f}, r.range("a"));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> r.observe("body.0.conv1/Conv_2", FloatBuffer.wrap(new float[] {1f, Float.NaN})));
        assertTrue(nan.getMessage().contains("body.0.conv1/Conv_2") && nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> r.range("b"));
        assertTrue(missing.getMessage().contains("no range for tensor b"), missing.getMessage());
    }
}
