package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.run.RoundMetrics;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.StandaloneCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sharded exchange across process boundaries: 16 partitions (one image each) on three one-core
 * executor JVMs, a PSNR round then a GAN round. The result equals the single-process reference
 * within float rounding (with more than two partitions the slices' double sums depend on the order
 * contributions reach their reducer), and the driver receives, by Spark's own task metrics, one
 * float32 copy of what each round exchanged, not a sum per partition.
 */
class ShardedExchangeClusterTest {
    private static final int PARTITIONS = 16;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sixteenPartitionsOnThreeExecutorsAverageAsTheReference() throws Exception {
        List<String> settings = TinyRuns.overrides(4, "train.psnr-steps=2", "cluster.local-steps=2", "checkpoint.every=4",
                "cluster.partitions=" + PARTITIONS, "cluster.slice-size=4K", "validation.hr=null");
        Path run = BuildDirs.newFolder("cluster-runs", "sharded-");
        try (StandaloneCluster cluster = StandaloneCluster.start(3)) {
            Path log = cluster.home().resolve("logs/driver.log");
            Process driver = ClusterDriver.start(cluster, 3, ClusterDriver.trainArgs(run, settings), log);
            try {
                assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the run did not finish; see " + log);
                assertEquals(0, driver.exitValue(), "driver failed; see " + log + ":\n" + ClusterDriver.tail(log));
            } finally {
                driver.destroyForcibly();
            }
        }
        StateArrays spark = TinyRuns.latest(run);
        StateArrays reference;
        try (NativeThreads threads = NativeThreads.use(1)) { // as the one-core executors
            reference = ReferenceRounds.run(TinyRuns.config(4, settings.toArray(String[]::new)), OptimizerPolicy.AVERAGE, PARTITIONS, 2, 2);
        }
        assertEquals(TinyRuns.names(reference), TinyRuns.names(spark));
        for (int i = 0; i < reference.size(); i++) {
            float[] a = reference.values(i);
            float[] b = spark.values(i);
            for (int j = 0; j < a.length; j++) {
                // one rounding of the mean in the last bit, carried through one more round of two steps
                float tolerance = 1e-6f + 1e-4f * Math.abs(a[j]);
                assertTrue(Math.abs(a[j] - b[j]) <= tolerance, reference.name(i) + "[" + j + "]: " + b[j] + " vs " + a[j]);
            }
        }

        List<JsonNode> rounds = TrainJobTest.lines(run.resolve("metrics.jsonl")).stream()
                .filter(l -> l.path("kind").asText().equals("round")).toList();
        assertEquals(2, rounds.size());
        long stateBytes = 4 * spark.floats();
        for (JsonNode r : rounds) {
            assertEquals(3, r.get("executors").asInt(), "tasks ran on all three executors: " + r);
            assertEquals(3, r.get(RoundMetrics.REDUCERS).asInt(), "one reducer per executor: " + r);
            long exchanged = 4 * r.get(RoundMetrics.EXCHANGED_FLOATS).asLong();
            long toDriver = r.get(RoundMetrics.BYTES_TO_DRIVER).asLong();
            assertTrue(toDriver >= exchanged && toDriver <= stateBytes + 2048L * r.get(RoundMetrics.SLICES).asLong(),
                    "the driver gets one float32 copy of the exchanged tensors (" + exchanged + " B) in " + toDriver + " B: " + r);
            // every partition wrote its slices to the shuffle (executors on one host read each other's
            // from disk: Spark counts that as local, so bytes_across stays 0 here)
            assertTrue(r.get(RoundMetrics.BYTES_UP).asLong() >= PARTITIONS * exchanged * 9 / 10, "shuffle writes: " + r);
        }
        assertTrue(rounds.get(0).get(RoundMetrics.BYTES_TO_DRIVER).asLong() < stateBytes, "the PSNR round leaves D out");
    }
}
