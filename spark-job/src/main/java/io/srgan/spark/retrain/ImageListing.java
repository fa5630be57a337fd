package io.srgan.spark.retrain;

import io.srgan.core.data.ImageFolder;
import io.srgan.spark.io.HadoopSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the image files of a folder on any Hadoop file system as {@link ImageRef}s. */
public final class ImageListing {
    private ImageListing() {
    }

    /**
     * The image files directly inside {@code folder} (by extension, as {@link ImageFolder}; names starting
     * with '.' or '_', which uploads in progress use, are skipped), sorted by name, keyed
     * {@code prefix + name}.
     */
    public static List<ImageRef> list(URI folder, String prefix, HadoopSettings settings) throws IOException {
        try (FileSystem fs = FileSystem.newInstance(folder, settings.toConfiguration())) {
            return list(fs, new Path(folder), prefix);
        }
    }

    static List<ImageRef> list(FileSystem fs, Path folder, String prefix) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(folder + ": no such folder");
        }
        List<ImageRef> images = new ArrayList<>();
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            if (s.isFile() && ImageFolder.isListedImage(name)) {
                images.add(new ImageRef(s.getPath().toUri(), prefix + name));
            }
        }
        images.sort((a, b) -> a.key().compareTo(b.key()));
        return images;
    }
}
