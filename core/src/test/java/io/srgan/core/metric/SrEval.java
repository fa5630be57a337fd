package io.srgan.core.metric;

import io.srgan.core.data.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs {@code shared/tools/sr_eval.py}, the reference evaluator, with Debian's python3. */
final class SrEval {
    static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL = "install them with: apt-get install -y python3-numpy python3-pil";

    private SrEval() {}

    /** Fails (never skips) when python3, numpy or Pillow is missing. */
    static void requirePython() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " not found: the agreement tests need Debian's python3 with numpy and Pillow; " + INSTALL);
        }
        Result r = run(List.of(PYTHON, "-c", "import numpy, PIL"), 60);
        if (r.exitCode != 0) {
            fail("numpy or Pillow is missing for " + PYTHON + " (" + r.stderr.strip() + "); " + INSTALL);
        }
    }

    /** Runs sr_eval.py with {@code args}; fails with its stderr on a non-zero exit. Returns stdout. */
    static String evaluate(String... args) throws IOException, InterruptedException {
        Path script = SharedData.root().resolve("tools").resolve("sr_eval.py");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Result r = run(command, 600);
        if (r.exitCode != 0) {
            fail("sr_eval.py exited with " + r.exitCode + ": " + String.join(" ", command) + "\n" + r.stderr);
        }
        return r.stdout;
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sr_eval", ".out");
        Path err = Files.createTempFile("sr_eval", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
