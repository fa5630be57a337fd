package io.srgan.spark.upscale;

import io.srgan.core.data.ImageFolder;
import java.util.Locale;
import java.util.Set;

/** File-name extensions: which names are images, which are manifests, and how outputs are renamed. */
final class Extensions {
    /** A manifest lists one input path or URI per line. */
    static final Set<String> MANIFEST = Set.of("txt", "lst");
    static final Set<String> JPEG = Set.of("jpg", "jpeg");

    private Extensions() {}

    /** The extension in lower case without the dot, or "" when there is none. */
    static String of(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot <= slash + 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static boolean isImage(String name) {
        return ImageFolder.hasImageExtension(name);
    }

    static boolean isManifest(String name) {
        return MANIFEST.contains(of(name));
    }

    static boolean isJpeg(String name) {
        return JPEG.contains(of(name));
    }

    /** {@code name} with its extension (if any) replaced by {@code extension} (with the dot). */
    static String replace(String name, String extension) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return (dot <= slash + 1 ? name : name.substring(0, dot)) + extension;
    }
}
