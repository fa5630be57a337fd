package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's contract for bad input and failures, over every command: bad values are usage
 * errors (64) naming the option or key, failures while running are 2 with one line, and
 * {@code --verbose} adds the stack trace. Nothing here reaches Spark: every case fails before.
 */
class SrganTest {
    private static final Set<Class<?>> NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class, float.class,
            Float.class, double.class, Double.class, short.class, Short.class, byte.class, Byte.class);

    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run srgan(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run srgan(String... args) {
        return srgan(Srgan.commandLine(), args);
    }

    /** Every command that runs (not a container of subcommands, not help), as the words that call it. */
    private static List<List<String>> commands(CommandLine cl, List<String> words) {
        List<List<String>> all = new ArrayList<>();
        if (cl.getCommandSpec().userObject() instanceof Callable<?>) all.add(words);
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) return;
            List<String> w = new ArrayList<>(words);
            w.add(name);
            all.addAll(commands(sub, w));
        });
        return all;
    }

    private static CommandLine find(CommandLine cl, List<String> words) {
        for (String w : words) cl = cl.getSubcommands().get(w);
        return cl;
    }

    @Test
    void everyNumericOptionOfEveryCommandRejectsAnOutOfRangeValueNamingTheOption() {
        List<String> checked = new ArrayList<>();
        for (List<String> words : commands(Srgan.commandLine(), List.of())) {
            for (OptionSpec option : find(Srgan.commandLine(), words).getCommandSpec().options()) {
                if (!NUMBERS.contains(option.type())) continue;
                List<String> args = new ArrayList<>(words);
                args.add(option.longestName());
                args.add("-1");
                Run run = srgan(args.toArray(String[]::new));
                assertEquals(ExitCodes.USAGE, run.exitCode(), args + ": " + run.err());
                assertTrue(run.errLines().get(0).contains("Invalid value for option '" + option.longestName() + "'"), run.err());
                checked.add(String.join(" ", words) + " " + option.longestName());
            }
        }
        assertTrue(checked.containsAll(List.of("upscale --tile", "upscale --overlap", "upscale --batch", "upscale --jpeg-quality",
                "upscale --max-pixels", "upscale --max-jpeg-output-mp", "upscale --partitions", "evaluate --scale")), checked.toString());
    }

    @Test
    void valuesThatWereQuietlyReplacedAreRefused(@TempDir Path dir) {
        String[] base = {"upscale", "--model", dir.resolve("m").toString(), "--input", dir.resolve("in.png").toString(),
                "--output", dir.resolve("out").toString()};
        Run overlap = srgan(concat(base, "--overlap", "-5"));
        assertEquals(ExitCodes.USAGE, overlap.exitCode());
        assertEquals("srgan upscale: Invalid value for option '--overlap': must be at least 0, got -5", overlap.errLines().get(0));
        Run partitions = srgan(concat(base, "--partitions", "0"));
        assertEquals(ExitCodes.USAGE, partitions.exitCode());
        assertEquals("srgan upscale: Invalid value for option '--partitions': must be at least 1, got 0", partitions.errLines().get(0));
        Run quality = srgan(concat(base, "--jpeg-quality", "1.5"));
        assertEquals(ExitCodes.USAGE, quality.exitCode());
        assertTrue(quality.errLines().get(0).contains("'--jpeg-quality': must be between 0 and 1, got 1.5"), quality.err());
        Run format = srgan(concat(base, "--format", "gif"));
        assertEquals(ExitCodes.USAGE, format.exitCode());
        assertTrue(format.errLines().get(0).contains("'--format'") && format.err().contains("gif"), format.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is started on a usage error");
    }

    @Test
    void configMistakesAreUsageErrorsNamingTheKey(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.conf"), "srgam { train.hr = x }");
        Run root = srgan("train", "--config", typo.toString(), "--output", dir.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, root.exitCode(), root.err());
        assertEquals(1, root.errLines().size(), root.err());
        assertTrue(root.err().contains("unknown top-level key(s) [srgam]"), root.err());

        Path broken = Files.writeString(dir.resolve("broken.conf"), "srgan { train.hr = ");
        Run parse = srgan("train", "--config", broken.toString(), "--output", dir.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, parse.exitCode(), parse.err());
        assertEquals(1, parse.errLines().size(), parse.err());
        assertTrue(parse.err().contains("broken.conf"), parse.err());

        Path ok = Files.writeString(dir.resolve("ok.conf"), "srgan.train.hr = x");
        Run secret = srgan("train", "--config", ok.toString(), "--output", dir.resolve("run").toString(),
                "--set", "hadoop.fs.azure.account.key.acct.blob.core.windows.net=VALUE-1234");
        assertEquals(ExitCodes.USAGE, secret.exitCode(), secret.err());
        assertTrue(secret.err().contains("'srgan.hadoop.fs.azure.account.key.acct.blob.core.windows.net' looks like a credential"),
                secret.err());
        assertFalse(secret.err().contains("VALUE-1234"), secret.err());

        Run hadoop = srgan("report", dir.toString(), "--hadoop", "fs.s3a.encryption.key=VALUE-1234");
        assertEquals(ExitCodes.USAGE, hadoop.exitCode(), hadoop.err());
        assertTrue(hadoop.errLines().get(0).contains("--hadoop 'fs.s3a.encryption.key' looks like a credential"), hadoop.err());
        assertFalse(hadoop.err().contains("VALUE-1234"), hadoop.err());
        assertFalse(Files.exists(dir.resolve("run")) || Files.exists(dir.resolve("report")), "nothing is started on a usage error");
    }

    @Test
    void aFailureWhileRunningIsOneLineAndExitTwoAndVerboseAddsTheStackTrace(@TempDir Path dir) {
        String missing = dir.resolve("no-such-run").toString();
        Run plain = srgan("report", missing);
        assertEquals(ExitCodes.FAILED, plain.exitCode());
        assertEquals(1, plain.errLines().size(), plain.err());
        assertTrue(plain.err().startsWith("srgan report: ") && plain.err().contains("no such run folder"), plain.err());

        Run verbose = srgan("report", missing, "--verbose");
        assertEquals(ExitCodes.FAILED, verbose.exitCode());
        assertEquals(plain.errLines().get(0), verbose.errLines().get(0));
        assertTrue(verbose.err().contains("java.io.FileNotFoundException") && verbose.err().contains("\tat "), verbose.err());
    }

    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            Object nothing = null;
            return nothing.hashCode();
        }
    }

    @Command(name = "unlinked")
    static final class Unlinked implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new NoClassDefFoundError("org/apache/hadoop/fs/s3a/S3AFileSystem"); // a jar missing on the classpath
        }
    }

    @Test
    void anErrorIsAFailureLikeAnyOtherNotADeadJvm() {
        CommandLine cl = Srgan.commandLine();
        cl.addSubcommand(new Unlinked());
        Run run = srgan(cl, "unlinked");
        assertEquals(ExitCodes.FAILED, run.exitCode());
        assertEquals(List.of("srgan unlinked: java.lang.NoClassDefFoundError: org/apache/hadoop/fs/s3a/S3AFileSystem"
                + " (--verbose shows the stack trace)"), run.errLines());
    }

    @Test
    void aBugIsOneLineNamingTheExceptionAndVerboseShowsWhere() {
        CommandLine cl = Srgan.commandLine();
        cl.addSubcommand(new Broken());
        Run plain = srgan(cl, "broken");
        assertEquals(ExitCodes.FAILED, plain.exitCode());
        assertEquals(1, plain.errLines().size(), plain.err());
        assertTrue(plain.err().startsWith("srgan broken: java.lang.NullPointerException"), plain.err());
        assertTrue(plain.err().contains("(--verbose shows the stack trace)"), plain.err());

        cl = Srgan.commandLine();
        cl.addSubcommand(new Broken());
        Run verbose = srgan(cl, "--verbose", "broken");
        assertTrue(verbose.err().contains("at io.srgan.spark.cli.SrganTest$Broken.call"), verbose.err());
    }

    @Test
    void helpListsTheExitCodesOfEachCommand() {
        Run upscale = srgan("upscale", "--help");
        assertEquals(0, upscale.exitCode());
        assertTrue(upscale.out().contains("Exit codes:") && upscale.out().contains("some inputs failed")
                && upscale.out().contains("64") && upscale.out().contains("usage error"), upscale.out());
        Run retrain = srgan("retrain", "--help");
        assertTrue(retrain.out().contains("75") && !retrain.out().contains("some inputs failed"), retrain.out());
        Run promote = srgan("models", "promote", "--help");
        assertTrue(promote.out().contains("Exit codes:") && promote.out().contains("64"), promote.out());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
