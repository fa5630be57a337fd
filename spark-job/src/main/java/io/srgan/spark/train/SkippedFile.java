package io.srgan.spark.train;

import java.io.Serializable;
import java.util.Locale;

/**
 * A training file left out of its shard, and why, as the skipped-file report gives it.
 *
 * @param file   the file's location
 * @param reason the kind of problem, which says who can fix it
 * @param detail what exactly went wrong
 */
public record SkippedFile(String file, Reason reason, String detail) implements Serializable {
    /** What kind of problem it was. */
    public enum Reason {
        /** The content is not a usable image (not an image, truncated, corrupt, unsupported). */
        CORRUPT,
        /** The file does not exist (any more). */
        MISSING,
        /** The store kept failing to deliver it, through every retry: the file may be fine. */
        UNREADABLE,
        /** A good image of the wrong size: LR not 1/scale of its HR, or smaller than one patch. */
        SIZE;

        /** The name reports use: {@code corrupt}, {@code missing}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return reason.label() + ": " + detail;
    }
}
