package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FloatImageSourceTest {

    @Test
    void joinsASeparateAlphaPlane() {
        FloatImage rgb = new FloatImage(2, 1, 3, new float[]{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        FloatImage alpha = new FloatImage(2, 1, 1, new float[]{0.7f, 0.8f});
        FloatImageSource source = FloatImageSource.of(rgb, alpha);
        assertEquals(4, source.channels());
        assertArrayEquals(new float[]{0.4f, 0.5f, 0.6f, 0.8f}, source.readRows(1, 1).data());
    }

    @Test
    void readsAreForwardOnlyAndInsideTheImage() {
        FloatImageSource source = FloatImageSource.of(TestImages.noise(6, 3, 3, 2));
        assertEquals(2, source.readRows(2, 2).height());
        assertThrows(IllegalArgumentException.class, () -> source.readRows(1, 2));
        assertThrows(IllegalArgumentException.class, () -> source.readRows(5, 2));
    }

    @Test
    void rejectsOtherChannelCounts() {
        assertThrows(IllegalArgumentException.class, () -> FloatImageSource.of(FloatImage.zeros(2, 2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> FloatImageSource.of(FloatImage.zeros(2, 2, 3), FloatImage.zeros(2, 3, 1)));
    }
}
