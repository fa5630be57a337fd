package io.srgan.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The image files directly inside a local folder, by extension. */
public final class ImageFolder {
    /** Extensions (lower case, without the dot) of the formats {@link ImageDecoder} reads. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");

    private ImageFolder() {}

    /**
     * Regular files that {@link #isListedImage} takes, sorted by file name; subfolders are ignored. Fails when {@code dir} is not a folder.
     */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> isListedImage(p.getFileName().toString()))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    /** The file name without its last extension. */
    public static String stem(Path file) {
        return stem(file.getFileName().toString());
    }

    /** A file name without its last extension ({@code .hidden} stays as it is). */
    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Whether a file name (or a path: the part after the last '/') ends in one of {@link #EXTENSIONS}, in any case. */
    public static boolean hasImageExtension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a folder listing takes the file {@code fileName} as an image: an image extension, and
     * neither hidden ({@code .name}) nor a marker that Hadoop and Spark leave ({@code _SUCCESS},
     * {@code _temporary}). Every listing of training, validation and retraining images uses this.
     */
    public static boolean isListedImage(String fileName) {
        return !fileName.startsWith(".") && !fileName.startsWith("_") && hasImageExtension(fileName);
    }
}
