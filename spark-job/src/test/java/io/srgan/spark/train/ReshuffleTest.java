package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.spark.config.JobConfig;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** cluster.reshuffle-every: the images are dealt to partitions again every N rounds, seeded, and resumes deal alike. */
@ExtendWith(LocalSpark.class)
class ReshuffleTest {

    @Test
    void eachEpochDealsTheImagesDifferentlyAndReproducibly() throws Exception {
        JobConfig c = config(4);
        List<PairSource> pairs = TrainingInputs.list(c, HadoopSettings.empty().toConfiguration()).pairs();
        assertEquals(TrainingShards.order(pairs, 0, 1), TrainingShards.order(pairs, 0, 1));
        assertNotEquals(TrainingShards.order(pairs, 0, 0), TrainingShards.order(pairs, 0, 1));
        assertNotEquals(TrainingShards.order(pairs, 0, 1), TrainingShards.order(pairs, 0, 2));
        assertEquals(TrainingShards.order(pairs, 0), TrainingShards.order(pairs, 0, 0), "epoch 0 is the deal of runs without reshuffling");
    }

    @Test
    void aResumedRunDealsAsTheUninterruptedOneAndEndsBitIdentical(JavaSparkContext sc, @TempDir Path dir) throws Exception {
        String[] settings = {"cluster.reshuffle-every=2", "cluster.local-steps=1", "checkpoint.every=3"};
        Path straight = dir.resolve("straight");
        new TrainJob(config(6, settings), straight.toUri()).run(false);
        Path resumed = dir.resolve("resumed");
        new TrainJob(config(6, settings), resumed.toUri()).run(false, 4); // "crashes" after round 4; newest checkpoint: step 3
        new TrainJob(config(6, settings), resumed.toUri()).run(true);
        TinyRuns.assertSameState(latest(straight), latest(resumed));

        List<Integer> epochs = TrainJobTest.lines(straight.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("data")).map(l -> l.get("epoch").asInt()).toList();
        assertEquals(List.of(0, 1, 2), epochs, "rounds 1-2, 3-4 and 5-6 each on a new deal");
        JsonNode second = TrainJobTest.lines(straight.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("data") && l.get("epoch").asInt() == 1).findFirst().orElseThrow();
        assertEquals(2, second.get("step").asInt(), "the second deal starts after round 2");
    }
}
