package io.srgan.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scratch folders under the module's build directory, so tests never write outside it. */
public final class BuildDirs {
    private BuildDirs() {
    }

    /** The build directory: {@code srgan.build.dir} as set by Maven, else {@code target} in the working directory. */
    public static Path buildDir() {
        return Path.of(System.getProperty("srgan.build.dir", "target")).toAbsolutePath();
    }

    /** A new, empty folder {@code <build>/<parent>/<prefix>NNN}. */
    public static Path newFolder(String parent, String prefix) throws IOException {
        Path base = Files.createDirectories(buildDir().resolve(parent));
        return Files.createTempDirectory(base, prefix);
    }
}
