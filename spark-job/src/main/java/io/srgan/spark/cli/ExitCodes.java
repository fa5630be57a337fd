package io.srgan.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code srgan} command, in one place (README "Exit codes", and each command's
 * {@code --help}). They separate what a user must fix before running again (64) from what went wrong
 * while running (2) and from a partial result (1, upscale).
 */
final class ExitCodes {
    /** Done. */
    static final int OK = 0;
    /** {@code upscale}, {@code degrade}: some inputs failed (upscale lists them in the output's {@code _errors.jsonl}); the others are done. */
    static final int SOME_INPUTS_FAILED = 1;
    /** The command failed while running (storage, data, a model that does not fit, or a bug: see {@code --verbose}). */
    static final int FAILED = 2;
    /** EX_USAGE: the command line or the config file it names is wrong; nothing was started. */
    static final int USAGE = 64;
    /** EX_TEMPFAIL, {@code retrain}: another run holds the model store's lease; try again later. */
    static final int LOCKED = 75;

    private ExitCodes() {
    }

    /** The codes {@code command} (a qualified name such as {@code srgan upscale}) can end with, for its help. */
    static Map<String, String> of(String command) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "done");
        if (command.equals("srgan upscale")) {
            codes.put(Integer.toString(SOME_INPUTS_FAILED), "some inputs failed (see <output>/_errors.jsonl); the others are done");
        }
        if (command.equals("srgan degrade")) {
            codes.put(Integer.toString(SOME_INPUTS_FAILED), "some inputs could not be read (listed on stderr); the others are done");
        }
        codes.put(Integer.toString(FAILED), "failed while running (one line on stderr; --verbose adds the stack trace)");
        codes.put(Integer.toString(USAGE), "usage error: a bad option, value or config setting; nothing was started");
        if (command.equals("srgan retrain")) {
            codes.put(Integer.toString(LOCKED), "another run holds the model store's lease; try again later");
        }
        return codes;
    }
}
