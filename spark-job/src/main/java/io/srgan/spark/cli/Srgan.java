package io.srgan.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code srgan} command line: one entry point for every way users run the product. */
@Command(name = "srgan", mixinStandardHelpOptions = true, version = "srgan-spark 0.1.0",
        description = "Train, evaluate and apply SRGAN-family super-resolution models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, UpscaleCommand.class, ReportCommand.class,
                RetrainCommand.class, ModelsCommand.class, CommandLine.HelpCommand.class})
public final class Srgan {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Srgan());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // domain errors (bad file, bad config) are for users: one clear line, no stack trace
            cmd.getErr().println("srgan " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
        });
        return cl;
    }
}
