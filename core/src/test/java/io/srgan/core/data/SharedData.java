package io.srgan.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code shared/} folder every checkout has beside it ({@code <repo>/../shared}), or the one
 * named by the system property {@code srgan.shared}. Tests that need it fail, never skip, when it
 * is missing.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String property = System.getProperty("srgan.shared");
        Path moduleDir = Paths.get("").toAbsolutePath();     // surefire runs in the module directory
        Path candidate = property != null ? Paths.get(property).toAbsolutePath()
                : moduleDir.getParent().getParent().resolve("shared").normalize();
        if (!Files.isDirectory(candidate.resolve("data"))) {
            throw new IllegalStateException("shared data folder not found at " + candidate
                    + (property != null ? " (from -Dsrgan.shared)" : " (<repository root>/../shared, module dir " + moduleDir + ")")
                    + ": check it out beside the repository or pass -Dsrgan.shared=/path/to/shared");
        }
        return candidate;
    }

    public static Path data(String first, String... more) {
        Path p = root().resolve("data").resolve(first);
        for (String m : more) {
            p = p.resolve(m);
        }
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared data " + p);
        }
        return p;
    }

    /** The PNG files of a folder, sorted by name; fails when there are none. */
    public static List<Path> pngs(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no PNG files in " + dir);
        }
        return files;
    }
}
