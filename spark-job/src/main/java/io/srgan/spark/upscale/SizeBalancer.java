package io.srgan.spark.upscale;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spreads images over partitions so that each gets about the same number of pixels (the work):
 * largest image first, each to the partition with the least work so far, ties to the lower index
 * (the LPT rule: never more than 4/3 of the best possible maximum). Deterministic: the same images
 * give the same partitions.
 */
final class SizeBalancer {
    private SizeBalancer() {}

    /** {@code partitions} lists (some empty when there are fewer images), each largest image first. */
    static List<List<ProbedImage>> balance(List<ProbedImage> images, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be ≥ 1, got " + partitions);
        List<ProbedImage> bySize = new ArrayList<>(images);
        bySize.sort(Comparator.comparingLong(ProbedImage::pixels).reversed()
                .thenComparing(p -> p.image().input().relative()));
        List<List<ProbedImage>> out = new ArrayList<>();
        PriorityQueue<long[]> load = new PriorityQueue<>(Comparator.<long[]>comparingLong(l -> l[0]).thenComparingLong(l -> l[1]));
        for (int i = 0; i < partitions; i++) {
            out.add(new ArrayList<>());
            load.add(new long[] {0, i});
        }
        for (ProbedImage image : bySize) {
            long[] least = load.poll();
            out.get((int) least[1]).add(image);
            least[0] += Math.max(1, image.pixels());
            load.add(least);
        }
        return out;
    }
}
