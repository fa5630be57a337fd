package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README keeps what a newcomer and CI need: the quick start's command on the shipped sample data,
 * the test command, and the sections the rest of the documentation points to (an edit that cut a
 * range of the file lost six of them once). Every srgan subcommand it shows exists.
 */
class ReadmeTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void keepsTheTwoCommandsAndItsSections() throws Exception {
        String readme = Files.readString(README);
        assertTrue(readme.contains("\nbin/srgan train --config conf/quickstart.conf "), "the quick start command");
        assertTrue(readme.contains("\nmvn -B -ntp verify\n"), "the test command");
        for (String section : List.of("## Quick start", "## Training on a cluster", "## Using models trained elsewhere",
                "## Upscaling images and datasets", "### int8 inference", "### bf16 inference", "## Real-world super-resolution",
                "## Nightly retraining", "## Failure behaviour", "## Exit codes", "## Tests", "## What is where",
                "## How the networks run", "## Checkpoint format", "## Benchmarks")) {
            assertTrue(readme.contains("\n" + section), "README section \"" + section + "\"");
        }
        Matcher m = Pattern.compile("\nbin/srgan ([a-z-]+)").matcher(readme);
        while (m.find()) {
            assertTrue(Srgan.commandLine().getSubcommands().containsKey(m.group(1)), "README shows bin/srgan " + m.group(1));
        }
    }
}
