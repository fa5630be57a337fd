package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless on a local page: a screenshot, or the DOM after the load
 * event. .ci/run installs it; a machine without it fails the test with how to get it.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_S = 120;

    private final Path executable;
    private final Path profile;

    private HeadlessChromium(Path executable, Path profile) {
        this.executable = executable;
        this.profile = profile;
    }

    static HeadlessChromium find(Path scratch) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) return new HeadlessChromium(candidate, Files.createDirectories(scratch.resolve("profile")));
        }
        return fail("no 'chromium' on PATH: install Debian's package (apt-get install -y chromium), as .ci/run does");
    }

    /** Takes a {@code width}×{@code height} screenshot of {@code page} into {@code png}. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString()), png.resolveSibling("screenshot.log"));
        assertTrue(Files.size(png) > 0, "chromium wrote no screenshot");
    }

    /** The serialised DOM of {@code page} once loaded (scripts run, images decoded or failed). */
    String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        Path out = scratch.resolve("dom.html");
        run(List.of("--dump-dom", "--virtual-time-budget=10000", page.toUri().toString()), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(args);
        Path stderr = stdout.resolveSibling(stdout.getFileName() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in " + TIMEOUT_S + " s: " + command);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + command + "\n" + Files.readString(stderr));
    }
}
