package io.srgan.spark.retrain;

import io.srgan.core.data.ImageFolder;
import io.srgan.spark.io.HadoopSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Copies images from any Hadoop file system into a local folder, for the parts that read local
 * folders (the local training job, the evaluator). Each file is written under a temporary name and
 * renamed, so the folder never holds a partial image.
 */
public final class LocalImages {
    private LocalImages() {
    }

    /** Copies {@code images} into {@code dir} as {@link ImageRef#localName()}; returns {@code dir}. */
    public static Path copy(List<ImageRef> images, Path dir, HadoopSettings settings) throws IOException {
        Files.createDirectories(dir);
        Configuration conf = settings.toConfiguration();
        Map<String, FileSystem> systems = new HashMap<>();
        try {
            for (ImageRef image : images) {
                FileSystem fs = systems.get(authority(image.uri()));
                if (fs == null) {
                    fs = FileSystem.newInstance(image.uri(), conf);
                    systems.put(authority(image.uri()), fs);
                }
                Path target = dir.resolve(image.localName());
                Path temp = dir.resolve("." + image.localName() + ".part");
                try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(image.uri()))) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                } catch (FileNotFoundException e) {
                    throw new FileNotFoundException(image.uri() + ": listed, but gone before it was copied");
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            for (FileSystem fs : systems.values()) {
                fs.close();
            }
        }
        return dir;
    }

    /** Copies the images directly inside folder {@code folder} into {@code dir}; returns how many. */
    public static int copyFolder(URI folder, Path dir, HadoopSettings settings) throws IOException {
        List<ImageRef> images = list(folder, "", settings);
        if (images.isEmpty()) {
            throw new IOException(folder + ": no images (" + ImageFolder.EXTENSIONS + ")");
        }
        copy(images, dir, settings);
        return images.size();
    }

    /**
     * The image files directly inside {@code folder} (by extension, as {@link ImageFolder}; names starting
     * with '.' or '_', which uploads in progress use, are skipped), sorted by name, keyed
     * {@code prefix + name}.
     */
    public static List<ImageRef> list(URI folder, String prefix, HadoopSettings settings) throws IOException {
        try (FileSystem fs = FileSystem.newInstance(folder, settings.toConfiguration())) {
            return list(fs, new org.apache.hadoop.fs.Path(folder), prefix);
        }
    }

    static List<ImageRef> list(FileSystem fs, org.apache.hadoop.fs.Path folder, String prefix) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(folder + ": no such folder");
        }
        List<ImageRef> images = new ArrayList<>();
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            if (s.isFile() && !name.startsWith(".") && !name.startsWith("_") && isImage(name)) {
                images.add(new ImageRef(s.getPath().toUri(), prefix + name));
            }
        }
        images.sort((a, b) -> a.key().compareTo(b.key()));
        return images;
    }

    private static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && ImageFolder.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String authority(URI uri) {
        return uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
    }
}
