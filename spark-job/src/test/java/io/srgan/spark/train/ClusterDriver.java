package io.srgan.spark.train;

import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A driver JVM of the CLI against a {@link StandaloneCluster}, started as spark-submit's client mode
 * would: one-core executors with one native thread each, the product's classes from the build.
 */
final class ClusterDriver {
    private ClusterDriver() {}

    /** Starts {@code srgan <args>} on {@code executors} one-core executors; output goes to {@code log}. */
    static Process start(StandaloneCluster cluster, int executors, List<String> args, Path log) throws Exception {
        // the product's classes; class folders on the compile classpath too (a reactor build without packaging)
        String classes = String.join(":", java.util.stream.Stream.concat(
                java.util.stream.Stream.of(BuildDirs.buildDir().resolve("classes").toString()),
                StandaloneCluster.compileClasspath().stream().filter(e -> !e.endsWith(".jar"))).toList());
        List<String> jvm = List.of("-Xmx2g", "-Dspark.master=" + cluster.masterUrl(), "-Dspark.app.name=srgan cluster test",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false",
                "-Dspark.executor.extraClassPath=" + classes, "-Dspark.executor.memory=1g", "-Dspark.executor.cores=1",
                "-Dspark.cores.max=" + executors, "-Dspark.executorEnv.OMP_NUM_THREADS=1", "-Dspark.task.maxFailures=4");
        ProcessBuilder pb = StandaloneCluster.javaProcess(jvm, classes + ":" + String.join(":", StandaloneCluster.compileClasspath()),
                "io.srgan.spark.cli.Srgan", args);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** {@code train --config ../conf/quickstart.conf --output run} with each override as {@code --set}. */
    static List<String> trainArgs(Path run, List<String> overrides) {
        List<String> args = new ArrayList<>(List.of("train", "--config", Path.of("../conf/quickstart.conf").toAbsolutePath().toString(),
                "--output", run.toString()));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        return args;
    }

    static void awaitLog(Process driver, Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            if (!driver.isAlive()) throw new AssertionError("driver exited early; see " + log + ":\n" + tail(log));
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' not logged in " + seconds + " s; see " + log + ":\n" + tail(log));
    }

    static String tail(Path log) throws Exception {
        if (!Files.exists(log)) return "(no log)";
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
