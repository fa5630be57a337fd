package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SizeBalancerTest {
    private static ProbedImage image(String name, int width, int height) {
        return ProbedImage.ok(new PlannedImage(new InputFile("file:/in/" + name, name), name, OutputFormat.Encoding.PNG),
                "png", width, height);
    }

    @Test
    void everyImageLandsOnceAndTheLoadsAreEven() {
        Random rng = new Random(5);
        List<ProbedImage> images = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            images.add(image("img-" + i + ".png", 100 + rng.nextInt(3000), 100 + rng.nextInt(3000)));
        }
        List<List<ProbedImage>> parts = SizeBalancer.balance(images, 7);
        assertEquals(7, parts.size());
        Set<String> seen = new HashSet<>();
        long max = 0;
        long min = Long.MAX_VALUE;
        long largest = 0;
        for (List<ProbedImage> part : parts) {
            long load = 0;
            for (ProbedImage p : part) {
                assertTrue(seen.add(p.image().input().relative()), "assigned twice: " + p);
                load += p.pixels();
                largest = Math.max(largest, p.pixels());
            }
            max = Math.max(max, load);
            min = Math.min(min, load);
        }
        assertEquals(images.size(), seen.size());
        // largest-first greedy: no partition exceeds another by more than the largest image
        assertTrue(max - min <= largest, "loads " + min + ".." + max + ", largest image " + largest);
    }

    @Test
    void oneHugeImageGetsAPartitionToItself() {
        List<ProbedImage> images = new ArrayList<>(List.of(image("huge.png", 10_000, 10_000)));
        for (int i = 0; i < 20; i++) images.add(image("small-" + i + ".png", 500, 500));
        List<List<ProbedImage>> parts = SizeBalancer.balance(images, 2);
        assertEquals(List.of("huge.png"), parts.get(0).stream().map(p -> p.image().output()).toList());
        assertEquals(20, parts.get(1).size());
    }

    @Test
    void isDeterministicWhateverTheInputOrder() {
        List<ProbedImage> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) images.add(image("img-" + i + ".png", 64 * (1 + i % 5), 64));
        List<List<ProbedImage>> first = SizeBalancer.balance(images, 3);
        java.util.Collections.reverse(images);
        assertEquals(first, SizeBalancer.balance(images, 3));
    }

    @Test
    void fewerImagesThanPartitionsLeavesSomeEmptyAndZeroPartitionsIsAnError() {
        List<List<ProbedImage>> parts = SizeBalancer.balance(List.of(image("a.png", 8, 8)), 3);
        assertEquals(List.of(1, 0, 0), parts.stream().map(List::size).toList());
        assertThrows(IllegalArgumentException.class, () -> SizeBalancer.balance(List.of(), 0));
    }
}
