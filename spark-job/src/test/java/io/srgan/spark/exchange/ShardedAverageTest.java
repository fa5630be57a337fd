package io.srgan.spark.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.LocalSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.Tuple2;

/**
 * The sharded exchange on a real local Spark against a plain weighted sum in one JVM: random
 * tensors per partition (one of them empty: it contributes nothing), slices that end inside tensors
 * and span empty ones, more slices than reducers.
 */
@ExtendWith(LocalSpark.class)
class ShardedAverageTest {
    private static final List<String> NAMES = List.of("g/a", "g/empty", "g/b", "g/c", "ema/a", "ema/b");
    private static final long[] SIZES = {5, 0, 1, 370, 201, 64};

    @Test
    void twoPartitionsAverageExactlyAsThePlainSum(JavaSparkContext sc) {
        check(sc, new long[] {12, 12}, 3, 50, 0f);
    }

    @Test
    void manyPartitionsWithAnEmptyOneAverageAsThePlainSumToTheLastBit(JavaSparkContext sc) {
        // with more than two contributions the double sums depend on arrival order in their last bits:
        // at most one float ulp after rounding
        check(sc, new long[] {10, 20, 0, 30, 40, 7}, 4, 37, 1f);
    }

    @Test
    void oneReducerAndSlicesOfOneFloat(JavaSparkContext sc) {
        check(sc, new long[] {3, 5, 0}, 1, 1, 1f);
    }

    /** @param weights per partition; 0 = an empty partition that sends nothing */
    private static void check(JavaSparkContext sc, long[] weights, int reducers, int sliceFloats, float ulps) {
        SliceLayout layout = SliceLayout.of(NAMES, SIZES, sliceFloats, reducers);
        JavaPairRDD<Integer, SliceContribution> contributions = JavaPairRDD.fromJavaRDD(
                sc.parallelize(IntStream.range(0, weights.length).boxed().toList(), weights.length)
                        .mapPartitionsWithIndex((p, it) -> {
                            if (weights[p] == 0) return Collections.emptyIterator();
                            float[][] t = SliceLayoutTest.random(SIZES, 100 + p);
                            List<Tuple2<Integer, SliceContribution>> out = new ArrayList<>();
                            for (int s = 0; s < layout.slices(); s++) out.add(new Tuple2<>(s, new SliceContribution(weights[p], layout.cut(s, t))));
                            return out.iterator();
                        }, true));
        float[][] averaged = SliceLayoutTest.zeros(SIZES);
        int[] delivered = new int[layout.slices()];
        long total = 0;
        int contributing = 0;
        for (long w : weights) {
            total += w;
            if (w > 0) contributing++;
        }
        long expectedWeight = total;
        int expectedParts = contributing;
        ShardedAverage.run(contributions, reducers, (slice, mean) -> {
            delivered[slice]++;
            assertEquals(expectedWeight, mean.weight());
            assertEquals(expectedParts, mean.parts());
            layout.paste(slice, mean.values(), averaged);
        });
        for (int s = 0; s < delivered.length; s++) assertEquals(1, delivered[s], "slice " + s + " delivered once");

        float[][] expected = SliceLayoutTest.zeros(SIZES);
        for (int i = 0; i < SIZES.length; i++) {
            double[] sum = new double[(int) SIZES[i]];
            for (int p = 0; p < weights.length; p++) {
                if (weights[p] == 0) continue;
                float[] v = SliceLayoutTest.random(SIZES, 100 + p)[i];
                for (int j = 0; j < sum.length; j++) sum[j] += weights[p] * (double) v[j];
            }
            for (int j = 0; j < sum.length; j++) expected[i][j] = (float) (sum[j] / total);
        }
        for (int i = 0; i < SIZES.length; i++) {
            if (ulps == 0) {
                assertArrayEquals(expected[i], averaged[i], 0f, NAMES.get(i));
            } else {
                for (int j = 0; j < expected[i].length; j++) {
                    float tolerance = ulps * Math.ulp(expected[i][j]);
                    assertTrue(Math.abs(expected[i][j] - averaged[i][j]) <= tolerance,
                            NAMES.get(i) + "[" + j + "]: " + averaged[i][j] + " vs " + expected[i][j]);
                }
            }
        }
    }
}
