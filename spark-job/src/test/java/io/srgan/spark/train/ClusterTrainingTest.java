package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.srgan.spark.io.Checkpoint;
import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The training job on a real multi-JVM standalone cluster: a driver JVM started like spark-submit's
 * client mode, two one-core executors in their own JVMs (state broadcast and results cross process
 * boundaries). One executor JVM is killed with SIGKILL while a round runs; Spark reruns its task on
 * the relaunched executor (its cached shard decoded again from lineage) and the run completes with
 * a valid final checkpoint.
 */
class ClusterTrainingTest {
    private static final int STEPS = 60;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoExecutorsTrainAverageAndSurviveAnExecutorKill() throws Exception {
        try (StandaloneCluster cluster = StandaloneCluster.start(2)) {
            Path run = BuildDirs.newFolder("cluster-runs", "run-");
            Path driverLog = cluster.home().resolve("logs/driver.log");
            Process driver = startDriver(cluster, run, driverLog);
            try {
                ClusterDriver.awaitLog(driver, driverLog, "step 20/", 240);
                assertEquals(2, cluster.executors().size(), "one executor per worker");
                killAnExecutorMidRound(cluster, driver, driverLog);
                assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the run did not finish; see " + driverLog);
                assertEquals(0, driver.exitValue(), "driver failed; see " + driverLog);
            } finally {
                driver.destroyForcibly();
            }

            try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
                Checkpoint last = store.latest().orElseThrow();
                assertEquals(STEPS, last.step());
                last.verify();
            }
            List<JsonNode> rounds = new ArrayList<>();
            for (JsonNode l : TrainJobTest.lines(run.resolve("metrics.jsonl"))) {
                if (l.path("kind").asText().equals("round")) rounds.add(l);
            }
            assertEquals(STEPS / 10, rounds.size());
            assertTrue(rounds.stream().anyMatch(l -> l.get("executors").asInt() == 2), "partitions ran on two executors");
        }
    }

    private static Process startDriver(StandaloneCluster cluster, Path run, Path log) throws Exception {
        return ClusterDriver.start(cluster, 2, ClusterDriver.trainArgs(run, List.of(
                "train.hr=\"" + Path.of("sample-data/train").toAbsolutePath() + "\"",
                "validation.hr=\"" + Path.of("sample-data/val").toAbsolutePath() + "\"",
                "generator.blocks=1", "generator.channels=8", "discriminator.width=8", "train.batch=4", "train.lr-patch=16",
                "train.steps=" + STEPS, "train.psnr-steps=20", "cluster.partitions=2", "cluster.local-steps=10",
                "checkpoint.every=30", "log-every=10")), log);
    }

    /**
     * Kills an executor JVM while its log shows a task running (a round's local steps take seconds; its
     * CPU use alone is no sign: a relaunched executor starting up, or its JIT after a round, is busy
     * too) and checks that the driver lost that task. Tries again on a relaunched executor if the task
     * finished in between (at most five times).
     */
    private static void killAnExecutorMidRound(StandaloneCluster cluster, Process driver, Path log) throws Exception {
        for (int attempt = 0; attempt < 5 && driver.isAlive(); attempt++) {
            ProcessHandle running = awaitRunningTask(cluster, driver);
            if (running == null) break;
            running.destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && driver.isAlive()) {
                if (Files.readString(log).contains("Lost task")) return;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no task was lost with a killed executor; see " + log);
    }

    /** An executor whose log shows a task started and not ended, or null if the driver ended first. */
    private static ProcessHandle awaitRunningTask(StandaloneCluster cluster, Process driver) throws Exception {
        while (driver.isAlive()) {
            for (ProcessHandle e : cluster.executors()) {
                Optional<Path> log = cluster.executorLog(e);
                if (e.isAlive() && log.isPresent() && !runningTasks(Files.readString(log.get())).isEmpty()) return e;
            }
            Thread.sleep(50);
        }
        return null;
    }

    private static final Pattern TASK = Pattern.compile(
            "(Running task|Finished task|Exception in task|Executor killed task) \\S+ in stage \\S+ \\(TID (\\d+)\\)");

    /** The task ids an executor log shows running: started ("Running task") and not finished, failed or killed. */
    static Set<String> runningTasks(String executorLog) {
        Set<String> running = new HashSet<>();
        Matcher m = TASK.matcher(executorLog);
        while (m.find()) {
            if (m.group(1).equals("Running task")) running.add(m.group(2));
            else running.remove(m.group(2));
        }
        return running;
    }
}
