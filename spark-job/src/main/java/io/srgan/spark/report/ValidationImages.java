package io.srgan.spark.report;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;

/**
 * The first few HR validation images of a run (by file name), read through the Hadoop file system
 * of their folder, so a folder on HDFS or S3 works like a local one. An image that cannot be read is
 * left out with a note.
 */
final class ValidationImages {
    /** A decoded image and its name without extension. */
    record Named(String name, DecodedImage image) {}

    private ValidationImages() {}

    /**
     * @param folder a Hadoop URI, or a local path (a relative one against the working directory, as
     *               the training job resolved it)
     */
    static List<Named> first(String folder, int count, HadoopSettings settings, ImageDecoder decoder, List<String> notes)
            throws IOException {
        URI uri = toUri(folder);
        List<Named> images = new ArrayList<>();
        try (Storage storage = Storage.open(uri, settings)) {
            FileStatus[] entries;
            try {
                entries = storage.fileSystem().listStatus(storage.root());
            } catch (FileNotFoundException e) {
                notes.add("validation folder " + uri + " does not exist: no crops");
                return images;
            }
            List<FileStatus> files = Arrays.stream(entries).filter(FileStatus::isFile)
                    .filter(f -> ImageFolder.isListedImage(f.getPath().getName()))
                    .sorted(Comparator.comparing(f -> f.getPath().getName())).toList();
            for (FileStatus f : files) {
                if (images.size() == count) break;
                String name = f.getPath().getName();
                try (InputStream in = storage.fileSystem().open(f.getPath())) {
                    images.add(new Named(ImageFolder.stem(Path.of(name)), decoder.decode(in, f.getPath().toString())));
                } catch (IOException e) {
                    notes.add("validation image left out: " + e.getMessage());
                }
            }
            if (files.isEmpty()) notes.add("validation folder " + uri + " holds no images (" + ImageFolder.EXTENSIONS + "): no crops");
        }
        return images;
    }

    static URI toUri(String folder) {
        return folder.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*") ? URI.create(folder) : Path.of(folder).toAbsolutePath().toUri();
    }
}
