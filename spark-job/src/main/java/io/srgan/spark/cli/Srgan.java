package io.srgan.spark.cli;

import io.srgan.spark.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code srgan} command line: one entry point for every way users run the product. A failure is
 * one line on stderr naming the command and the reason, and an exit code from {@link ExitCodes}:
 * usage errors (options, values, config settings) 64, failures while running 2; {@code --verbose}
 * adds the stack trace.
 */
@Command(name = "srgan", mixinStandardHelpOptions = true, versionProvider = Srgan.Version.class,
        description = "Train, evaluate and apply SRGAN-family super-resolution models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, UpscaleCommand.class, DegradeCommand.class, ReportCommand.class,
                RetrainCommand.class, ModelsCommand.class, ImportCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Srgan {
    /** {@code srgan --version}: this build's version and the ND4J it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"srgan-spark " + io.srgan.core.util.Versions.project() + " (ND4J " + io.srgan.core.util.Versions.nd4j() + ")"};
        }
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "print Spark's, Hadoop's and ND4J's INFO lines too, and on failure the stack trace")
    boolean verbose;

    public static void main(String[] args) {
        ConsoleLogging.configure(args);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        Srgan srgan = new Srgan();
        CommandLine cl = new CommandLine(srgan).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> usageError(e));
        cl.setExecutionStrategy(Srgan::runCatchingErrors);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, srgan.verbose));
        listExitCodes(cl);
        return cl;
    }

    private static int usageError(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Runs the command; an Error (out of memory, a missing class) becomes a failure like any exception, not a dead JVM. */
    private static int runCatchingErrors(ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            ParseResult last = parsed;
            while (last.hasSubcommand()) last = last.subcommand();
            throw new ExecutionException(last.commandSpec().commandLine(), e.toString(), e);
        }
    }

    private static int failure(Exception thrown, CommandLine cmd, boolean verbose) {
        Throwable e = thrown instanceof ExecutionException && thrown.getCause() instanceof Error ? thrown.getCause() : thrown;
        PrintWriter err = cmd.getErr();
        boolean usage = e instanceof ConfigException;
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + reason(e)
                + (verbose || expected(e) ? "" : " (--verbose shows the stack trace)"));
        if (verbose) e.printStackTrace(err);
        err.flush();
        return usage ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    /** Failures whose message is written for users (a file, a setting, a state); anything else may be a bug. */
    private static boolean expected(Throwable e) {
        return e instanceof ConfigException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException;
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? null : oneLine(e.getMessage());
        if (expected(e) && message != null) return message;
        return e.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static String oneLine(String message) {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n")
                .exitCodeList(ExitCodes.of(cl.getCommandSpec().qualifiedName()));
        cl.getSubcommands().values().forEach(Srgan::listExitCodes);
    }
}
