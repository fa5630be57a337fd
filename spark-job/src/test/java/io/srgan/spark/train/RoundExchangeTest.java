package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.spark.run.RoundMetrics;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rounds move, as their metrics lines report it: a round sends back and averages only the
 * tensors it trained, and broadcasts only the groups that changed since their last broadcast.
 */
@ExtendWith(LocalSpark.class)
class RoundExchangeTest {

    @Test
    void roundsMoveOnlyWhatTheyTrainedAndReportIt(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        // rounds 1, 2: PSNR phase (G, its EMA and moments train); round 3: GAN phase (everything trains)
        new TrainJob(config(6, "train.psnr-steps=4", "cluster.local-steps=2", "checkpoint.every=6", "cluster.slice-size=1K"),
                dir.toUri()).run(false);
        StateArrays state = latest(dir);
        long generator = floats(state, TensorGroup.GENERATOR) + floats(state, TensorGroup.GENERATOR_MOMENTS);
        long all = state.floats();
        assertTrue(generator < all / 2 + all / 4, "the tiny D is not negligible: " + generator + " of " + all);

        List<JsonNode> rounds = TrainJobTest.lines(dir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("round")).toList();
        assertEquals(3, rounds.size());
        JsonNode r1 = rounds.get(0);
        JsonNode r2 = rounds.get(1);
        JsonNode r3 = rounds.get(2);
        assertEquals(generator, r1.get(RoundMetrics.EXCHANGED_FLOATS).asLong(), "PSNR rounds exchange G, EMA and G's moments");
        assertEquals(generator, r2.get(RoundMetrics.EXCHANGED_FLOATS).asLong());
        assertEquals(all, r3.get(RoundMetrics.EXCHANGED_FLOATS).asLong(), "GAN rounds exchange everything");
        assertEquals(4 * all, r1.get(RoundMetrics.BYTES_BROADCAST).asLong(), "the first round broadcasts the whole state");
        assertEquals(4 * generator, r2.get(RoundMetrics.BYTES_BROADCAST).asLong(), "D stays broadcast while it does not train");
        assertEquals(4 * generator, r3.get(RoundMetrics.BYTES_BROADCAST).asLong(), "D changed only in the last round");

        for (JsonNode r : rounds) {
            long exchanged = r.get(RoundMetrics.EXCHANGED_FLOATS).asLong();
            // Spark's shuffle-write metrics: two partitions each wrote their slices (compressed, so not exactly 4 B a float)
            assertTrue(r.get(RoundMetrics.BYTES_UP).asLong() > exchanged, r.toString());
            // the mean slices: one float32 copy of what was exchanged, plus Java serialization's framing
            long toDriver = r.get(RoundMetrics.BYTES_TO_DRIVER).asLong();
            assertTrue(toDriver >= 4 * exchanged && toDriver < 4 * exchanged + 4096 * r.get(RoundMetrics.SLICES).asLong(), r.toString());
            assertEquals(2, r.get(RoundMetrics.REDUCERS).asInt(), "local[2]: one reducer per core");
            assertEquals((exchanged * 4 + 1023) / 1024, r.get(RoundMetrics.SLICES).asLong(), "1 KB slices");
            assertTrue(r.get(RoundMetrics.TASK_COMPUTE_MAX_S).asDouble() >= r.get(RoundMetrics.TASK_COMPUTE_MEDIAN_S).asDouble());
            assertTrue(List.of(0, 1).contains(r.get(RoundMetrics.SLOWEST_PARTITION).asInt()));
            assertTrue(r.get(RoundMetrics.DRIVER_HEAP_MB).asDouble() > 0 && r.get(RoundMetrics.DRIVER_HEAP_PEAK_MB).asDouble()
                    >= r.get(RoundMetrics.DRIVER_HEAP_MB).asDouble() * 0.5, r.toString());
        }
        assertTrue(r3.get(RoundMetrics.BYTES_UP).asLong() > r2.get(RoundMetrics.BYTES_UP).asLong(), "GAN rounds send D back too");
    }

    private static long floats(StateArrays s, TensorGroup g) {
        return s.select(g::contains).floats();
    }
}
