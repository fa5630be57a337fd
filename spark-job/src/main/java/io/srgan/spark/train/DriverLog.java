package io.srgan.spark.train;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local command line's full log (every logger at INFO: Spark, Hadoop, ND4J, this project), copied
 * into the run folder as {@code logs/train-<start>.log} when a training run ends, successfully or not,
 * so the console can stay quiet without losing anything. One file per invocation: a resumed run adds one.
 */
public final class DriverLog {
    /** Set by the command line (cli/ConsoleLogging) to the file its logging configuration writes. */
    public static final String PROPERTY = "srgan.log.file";
    private static final Logger LOG = LoggerFactory.getLogger(DriverLog.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String name = "train-" + LocalDateTime.now().format(STAMP) + ".log";

    /** Copies the log, if this process writes one, into {@code storage}'s run folder; a failure is a warning, never the run's. */
    void copyInto(Storage storage) {
        String file = System.getProperty(PROPERTY);
        try {
            if (file == null || !Files.isRegularFile(Path.of(file)) || Files.size(Path.of(file)) == 0) return; // none, or nobody wrote it
        } catch (IOException e) {
            return;
        }
        try {
            AtomicFile.write(storage, storage.resolve(RunFolder.LOGS + "/" + name), out -> Files.copy(Path.of(file), out));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not copy the log {} into the run folder: {}", file, e.toString());
        }
    }
}
