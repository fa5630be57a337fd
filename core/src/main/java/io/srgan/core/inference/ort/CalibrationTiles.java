package io.srgan.core.inference.ort;

import io.srgan.core.data.FloatImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The LR crops an int8 model is calibrated on: a few crops from each image at seeded positions, so the
 * same images give the same model. Crops are what inference sees (tiles), cheap to run with every
 * intermediate tensor kept, and spread the calibration over many images rather than a few large ones.
 */
public final class CalibrationTiles {
    /** LR side of a calibration crop. */
    public static final int SIZE = 64;
    public static final int PER_IMAGE = 4;

    private CalibrationTiles() {}

    /**
     * {@value #PER_IMAGE} crops of {@value #SIZE}² from each image (RGB channels; an image smaller than
     * that on a side gives one crop of its whole extent, cut to a multiple of {@code alignment}).
     */
    public static List<FloatImage> of(List<FloatImage> images, int alignment, long seed) {
        List<FloatImage> tiles = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (FloatImage image : images) {
            FloatImage rgb = image.channels() == 3 ? image : rgb(image);
            int h = Math.min(SIZE, rgb.height()) / alignment * alignment;
            int w = Math.min(SIZE, rgb.width()) / alignment * alignment;
            if (h == 0 || w == 0) continue;
            boolean whole = h < SIZE || w < SIZE;
            for (int i = 0; i < (whole ? 1 : PER_IMAGE); i++) {
                int y = random.nextInt(rgb.height() - h + 1);
                int x = random.nextInt(rgb.width() - w + 1);
                tiles.add(rgb.crop(y, x, h, w));
            }
        }
        return tiles;
    }

    private static FloatImage rgb(FloatImage image) {
        FloatImage out = FloatImage.zeros(image.height(), image.width(), 3);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) out.set(y, x, c, image.get(y, x, image.channels() >= 3 ? c : 0)); // gray: replicated
            }
        }
        return out;
    }
}
