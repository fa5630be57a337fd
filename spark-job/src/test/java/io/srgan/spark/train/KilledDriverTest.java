package io.srgan.spark.train;

import static io.srgan.spark.train.TinyRuns.config;
import static io.srgan.spark.train.TinyRuns.latest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.CheckpointStore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.ChildJvm;
import io.srgan.spark.testing.FaultyFileSystem;
import io.srgan.spark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault drill: the driver JVM (the {@code srgan train} command line, Spark local[2]) is killed with
 * SIGKILL while it writes a checkpoint. Its store stalls part-way through that checkpoint's
 * {@code state.npz}, as a hung store would, so the kill lands mid-write every time. The next
 * {@code --resume} continues from the last complete checkpoint, clears the killed writer's leftovers
 * and ends bit-identical to an uninterrupted run with the same settings.
 */
@ExtendWith(LocalSpark.class)
class KilledDriverTest {
    private static final long STEPS = 6;
    private static final String WRITING = "_tmp-ckpt-00000006-";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDriverKilledWhileWritingACheckpointResumesFromTheLastCompleteOne(JavaSparkContext sc) throws Exception {
        Path dir = BuildDirs.newFolder("killed-driver", "drill-");
        Path straight = dir.resolve("straight");
        new TrainJob(config(STEPS), straight.toUri()).run(false);

        Path run = dir.resolve("run");
        Path log = dir.resolve("driver.log");
        Process driver = startDriver(run, log);
        Path partial;
        try {
            partial = awaitPartialCheckpoint(driver, run, log);
            driver.destroyForcibly().waitFor();
        } finally {
            driver.destroyForcibly();
        }
        try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
            assertEquals(List.of(3L), store.listComplete().stream().map(c -> c.step()).toList());
            assertEquals(List.of(partial.getParent().getFileName().toString()),
                    store.scan().temporaries().stream().map(p -> p.getName()).toList());
        }

        new TrainJob(config(STEPS), run.toUri()).run(true);

        TinyRuns.assertSameState(latest(straight), latest(run));
        try (CheckpointStore store = CheckpointStore.open(run.toUri(), HadoopSettings.empty())) {
            assertEquals(List.of(3L, 6L), store.listComplete().stream().map(c -> c.step()).toList());
            assertEquals(List.of(), store.scan().temporaries(), "the killed writer's temporary is cleared");
        }
        assertFalse(Files.exists(partial.getParent()));
    }

    /** {@code srgan train} in its own JVM, writing the run through a store that stalls in checkpoint 6's state.npz. */
    private static Process startDriver(Path run, Path log) throws Exception {
        List<String> properties = new ArrayList<>(List.of("-Dspark.master=local[2]", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.ui.enabled=false"));
        FaultyFileSystem.settings(new FaultyFileSystem.Rule("stall", ".*/" + WRITING + "[^/]*/state\\.npz",
                        FaultyFileSystem.Mode.STALL_WRITE, 0, Integer.MAX_VALUE))
                .asSparkProperties().forEach((k, v) -> properties.add("-D" + k + "=" + v));
        List<String> args = new ArrayList<>(List.of("train", "--config", TinyRuns.PRESET.toString(),
                "--output", FaultyFileSystem.uri(run).toString()));
        for (String o : TinyRuns.overrides(STEPS)) {
            args.add("--set");
            args.add(o);
        }
        return ChildJvm.command("2g", properties, "io.srgan.spark.cli.Srgan", args, log).start();
    }

    /** Polls for checkpoint 6's temporary state.npz with bytes in it; fails if the driver ends first. */
    private static Path awaitPartialCheckpoint(Process driver, Path run, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Optional<Path> partial = partialState(run);
            if (partial.isPresent()) return partial.get();
            if (!driver.isAlive()) {
                throw new AssertionError("the driver ended (exit " + driver.exitValue() + ") before writing checkpoint 6:\n"
                        + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no partial checkpoint 6 within 2 minutes; see " + log);
    }

    private static Optional<Path> partialState(Path run) throws Exception {
        if (!Files.isDirectory(run)) return Optional.empty();
        try (Stream<Path> entries = Files.list(run)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(WRITING))
                    .map(p -> p.resolve("state.npz"))
                    .filter(p -> {
                        try {
                            return Files.exists(p) && Files.size(p) > 0;
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    })
                    .findFirst();
        }
    }
}
