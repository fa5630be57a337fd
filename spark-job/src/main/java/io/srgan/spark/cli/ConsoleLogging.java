package io.srgan.spark.cli;

import io.srgan.spark.train.DriverLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the local command line prints: this project's lines (progress, validation, warnings, errors)
 * and everyone's warnings, with Spark's, Hadoop's and ND4J's INFO lines (some 600 per training run)
 * going to a log file only, unless {@code --verbose}. Applies only when nothing chose a logging
 * configuration before: under spark-submit, Spark has configured logging before the main class runs,
 * and the cluster's configuration stays in charge.
 */
final class ConsoleLogging {
    static final String CONFIG = "io/srgan/spark/cli/log4j2-cli.properties";

    private ConsoleLogging() {}

    /** Call first in main, before anything logs. */
    static void configure(String[] args) {
        if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) return;
        if (System.getProperty("spark.submit.deployMode") != null) return; // under spark-submit: logging is already set up
        if (System.getProperty(DriverLog.PROPERTY) == null) {
            try {
                Path log = Files.createTempFile("srgan-", ".log");
                log.toFile().deleteOnExit();
                System.setProperty(DriverLog.PROPERTY, log.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the log file in " + System.getProperty("java.io.tmpdir"), e);
            }
        }
        boolean verbose = Arrays.asList(args).contains("--verbose");
        System.setProperty("srgan.console.level", verbose ? "info" : "warn");
        System.setProperty("log4j2.configurationFile", CONFIG);
    }
}
