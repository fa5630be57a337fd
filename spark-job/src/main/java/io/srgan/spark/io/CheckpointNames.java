package io.srgan.spark.io;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names inside a checkpoint store's folder: {@code ckpt-<step>} folders, their manifest, the LATEST pointer. */
public final class CheckpointNames {
    public static final String MANIFEST = "MANIFEST.json";
    public static final String LATEST = "LATEST";

    // Eight digits sort by name up to step 99,999,999; parsing accepts more, and ordering is numeric.
    private static final Pattern FOLDER = Pattern.compile("ckpt-(\\d{1,18})");
    // Flat, portable names: no folders, nothing hidden (leading '.' or '_'), nothing a shell must quote.
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private CheckpointNames() {
    }

    /** The folder of the checkpoint of {@code step}. */
    public static String folder(long step) {
        return String.format("ckpt-%08d", step);
    }

    /** The step of a checkpoint folder's name, or empty if it is not one. */
    public static OptionalLong stepOf(String folderName) {
        Matcher m = FOLDER.matcher(folderName);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    static boolean isValidFileName(String name) {
        return name != null && FILE.matcher(name).matches() && !MANIFEST.equals(name);
    }

    static String checkFileName(String name) {
        if (!isValidFileName(name)) {
            throw new IllegalArgumentException("checkpoint file name '" + name + "' is not allowed: use 1-200 of"
                    + " A-Z a-z 0-9 . _ - starting with a letter or digit, and not " + MANIFEST);
        }
        return name;
    }
}
