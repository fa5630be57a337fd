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
import java.util.List;
import java.util.concurrent.TimeUnit;
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
                awaitLog(driver, driverLog, "step 20/", 240);
                assertEquals(2, cluster.executors().size(), "one executor per worker");
                killAnExecutorMidRound(cluster, driver, driverLog);
                assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the run did not finish; see " + driverLog);
                assertEquals(0, driver.exitValue(), "driver failed; see " + driverLog);
            } finally {
                driver.destroyForcibly();
            }

            try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
                Checkpoint last = store.latest().orElseThrow();
                assertEquals(STEPS, last.round());
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
        String classes = BuildDirs.buildDir().resolve("classes").toString();
        List<String> jvm = List.of("-Xmx2g", "-Dspark.master=" + cluster.masterUrl(), "-Dspark.app.name=srgan cluster test",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false",
                "-Dspark.executor.extraClassPath=" + classes, "-Dspark.executor.memory=1g", "-Dspark.executor.cores=1",
                "-Dspark.cores.max=2", "-Dspark.executorEnv.OMP_NUM_THREADS=1", "-Dspark.task.maxFailures=4");
        List<String> args = List.of("train", "--config", Path.of("../conf/quickstart.conf").toAbsolutePath().toString(),
                "--output", run.toString(),
                "--set", "train.hr=\"" + Path.of("sample-data/train").toAbsolutePath() + "\"",
                "--set", "validation.hr=\"" + Path.of("sample-data/val").toAbsolutePath() + "\"",
                "--set", "generator.blocks=1", "--set", "generator.channels=8", "--set", "discriminator.width=8",
                "--set", "train.batch=4", "--set", "train.lr-patch=16", "--set", "train.steps=" + STEPS,
                "--set", "train.psnr-steps=20", "--set", "cluster.partitions=2", "--set", "cluster.local-steps=10",
                "--set", "checkpoint.every=30", "--set", "log-every=10");
        ProcessBuilder pb = StandaloneCluster.javaProcess(jvm, classes + ":" + String.join(":", StandaloneCluster.compileClasspath()),
                "io.srgan.spark.cli.Srgan", args);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Kills one executor JVM and checks that a running task was lost with it; rounds run back to back,
     * but if the kill fell between two, tries again on the relaunched executor (at most three times).
     */
    private static void killAnExecutorMidRound(StandaloneCluster cluster, Process driver, Path log) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<ProcessHandle> executors = cluster.executors();
            if (!executors.isEmpty()) executors.get(0).destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && driver.isAlive()) {
                if (Files.readString(log).contains("Lost task")) return;
                Thread.sleep(200);
            }
            if (!driver.isAlive()) break;
        }
        throw new AssertionError("no task was lost with the killed executor; see " + log);
    }

    private static void awaitLog(Process driver, Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            if (!driver.isAlive()) throw new AssertionError("driver exited early; see " + log + ":\n" + tail(log));
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' not logged in " + seconds + " s; see " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
