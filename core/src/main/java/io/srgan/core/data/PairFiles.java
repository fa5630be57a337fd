package io.srgan.core.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An LR file and the HR file it was matched to.
 *
 * @param name the HR file's stem, which names the pair
 */
public record PairFiles(String name, Path lr, Path hr) {
    public PairFiles {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lr, "lr");
        Objects.requireNonNull(hr, "hr");
    }
}
