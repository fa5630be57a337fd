package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatImageSinkTest {

    @Test
    void assemblesBlocksAndClampsToTheUnitInterval() {
        FloatImageSink sink = new FloatImageSink();
        sink.begin(3, 1, 3);
        sink.writeRows(0, new FloatImage(2, 1, 3, new float[]{-0.5f, 0.25f, 1.5f, Float.NaN, 1f, 0f}));
        sink.writeRows(2, new FloatImage(1, 1, 3, new float[]{0.1f, 0.2f, Float.POSITIVE_INFINITY}));
        sink.end();
        assertArrayEquals(new float[]{0f, 0.25f, 1f, 0f, 1f, 0f, 0.1f, 0.2f, 1f}, sink.image().data());
    }

    @Test
    void enforcesTheCallOrder() {
        FloatImageSink sink = new FloatImageSink();
        FloatImage row = FloatImage.zeros(1, 2, 3);
        assertThrows(IllegalStateException.class, () -> sink.writeRows(0, row));
        sink.begin(2, 2, 3);
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> sink.writeRows(1, row));
        assertTrue(gap.getMessage().contains("expected row 0"), gap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sink.writeRows(0, FloatImage.zeros(1, 2, 4)));
        sink.writeRows(0, row);
        IllegalStateException early = assertThrows(IllegalStateException.class, sink::end);
        assertTrue(early.getMessage().contains("1 of 2 rows"), early.getMessage());
        assertThrows(IllegalStateException.class, sink::image);
    }
}
