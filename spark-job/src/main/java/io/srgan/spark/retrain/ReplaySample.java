package io.srgan.spark.retrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The replay sample: {@code count} images drawn without replacement from the older images, seeded, so
 * the same pool and seed always give the same sample (a rerun of a night trains on the same data).
 */
public final class ReplaySample {
    private ReplaySample() {
    }

    public static List<ImageRef> draw(List<ImageRef> pool, int count, long seed) {
        List<ImageRef> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparing(ImageRef::key)); // independent of listing order
        Collections.shuffle(sorted, new Random(seed));
        List<ImageRef> sample = new ArrayList<>(sorted.subList(0, Math.min(count, sorted.size())));
        sample.sort(Comparator.comparing(ImageRef::key));
        return sample;
    }
}
