package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code srgan train} as a user starts it (its own JVM, logging not configured by anyone else): the
 * console holds the project's lines and warnings, not Spark's INFO chatter; the full log lands in
 * the run folder; {@code --verbose} brings the chatter back to the console.
 */
class ConsoleLoggingTest {
    private static List<String> train(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("train", "--config", "../conf/quickstart.conf", "--output", run.toString(),
                "--set", "generator.blocks=1", "--set", "generator.channels=4", "--set", "discriminator.width=4",
                "--set", "train.batch=2", "--set", "train.steps=2", "--set", "train.psnr-steps=2", "--set", "cluster.local-steps=2",
                "--set", "checkpoint.every=2", "--set", "validation.every=2", "--set", "train.hr=sample-data/train",
                "--set", "validation.hr=sample-data/val"));
        return args;
    }

    private static String run(Path dir, String name, List<String> args) throws Exception {
        Path out = dir.resolve(name + ".out");
        Process p = ChildJvm.command("2g", List.of(), Srgan.class.getName(), args, out).start();
        String console = Files.readString(out);
        assertEquals(0, p.waitFor(), console);
        return Files.readString(out);
    }

    @Test
    void theConsoleShowsTheProjectsLinesAndTheRunFolderTheWholeLog() throws Exception {
        Path dir = BuildDirs.newFolder("console", "run-");
        String quiet = run(dir, "quiet", train(dir.resolve("quiet")));
        assertTrue(quiet.contains("training msrresnet 1x4") && quiet.contains("validation PSNR-Y"), quiet);
        assertFalse(quiet.contains("INFO  SparkContext") || quiet.contains("Running Spark version"), quiet);
        assertTrue(quiet.lines().count() < 30, quiet.lines().count() + " console lines:\n" + quiet);
        Path log;
        try (Stream<Path> logs = Files.list(dir.resolve("quiet/logs"))) {
            log = logs.filter(f -> f.getFileName().toString().matches("train-\\d{8}-\\d{6}\\.log")).findFirst().orElseThrow();
        }
        String full = Files.readString(log);
        assertTrue(full.contains("Running Spark version") && full.contains("io.srgan.spark.train.TrainJob - checkpoint"), full);

        String verbose = run(dir, "verbose", train(dir.resolve("verbose"), "--verbose"));
        assertTrue(verbose.contains("Running Spark version"), verbose);
    }
}
