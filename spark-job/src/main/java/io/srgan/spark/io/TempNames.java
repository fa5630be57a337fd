package io.srgan.spark.io;

import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.Path;

/**
 * Names of temporaries: {@code _tmp-<final name>-<uuid>} beside the final name. The leading
 * underscore hides them from Hadoop input formats; the UUID keeps concurrent or retried writers apart.
 */
final class TempNames {
    static final String PREFIX = "_tmp-";
    private static final int UUID_LENGTH = 36;

    private TempNames() {
    }

    static Path beside(Path target) {
        return new Path(target.getParent(), PREFIX + target.getName() + "-" + UUID.randomUUID());
    }

    static boolean isTemporary(String name) {
        return name.startsWith(PREFIX);
    }

    /** The final name a temporary was written for, if {@code name} is one of ours. */
    static Optional<String> targetOf(String name) {
        int end = name.length() - UUID_LENGTH - 1;
        if (!isTemporary(name) || end <= PREFIX.length() || name.charAt(end) != '-') {
            return Optional.empty();
        }
        return Optional.of(name.substring(PREFIX.length(), end));
    }
}
