package io.srgan.spark.upscale;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What {@code --input} names, as a list of images with the relative paths their outputs keep:
 * <ul>
 *   <li>an image file: itself, under its file name;</li>
 *   <li>a folder: every file with an image extension (png, jpg, jpeg, bmp, tif, tiff; any case) in it
 *       and its subfolders, skipping hidden names (starting with '.' or '_', as Hadoop does) and the
 *       output folder when it lies inside;</li>
 *   <li>a manifest ({@code .txt} or {@code .lst}): one path or URI per line (blank lines and lines
 *       starting with '#' skipped; relative paths are relative to the manifest's folder), kept below
 *       the deepest folder all entries share. Entries are not checked here: a missing file is reported
 *       with the other bad inputs.</li>
 * </ul>
 * Sorted by relative path, so runs over the same input list the same order.
 */
public final class InputListing {
    private InputListing() {}

    /**
     * @param exclude a qualified folder whose files are never inputs (the output folder), or null
     */
    public static List<InputFile> list(URI input, Configuration conf, Path exclude) throws IOException {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new IOException(input + ": no such file or folder", e);
        }
        Path root = status.getPath();
        if (exclude != null && sameFileSystem(root, exclude) && asFolder(root.toUri().getPath()).equals(asFolder(exclude.toUri().getPath()))) {
            throw new IllegalArgumentException("the output folder must be another folder than the input " + input);
        }
        List<InputFile> files;
        if (status.isDirectory()) {
            files = folder(fs, root, exclude);
        } else if (Extensions.isImage(root.getName())) {
            files = List.of(new InputFile(root.toString(), root.getName()));
        } else if (Extensions.isManifest(root.getName())) {
            files = manifest(fs, root);
        } else {
            throw new IllegalArgumentException(input + " is neither an image (" + String.join(", ", io.srgan.core.data.ImageFolder.EXTENSIONS.stream().sorted().toList())
                    + "), a folder, nor a manifest (.txt or .lst, one path or URI per line)");
        }
        List<InputFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(InputFile::relative));
        return sorted;
    }

    private static List<InputFile> folder(FileSystem fs, Path root, Path exclude) throws IOException {
        String rootPrefix = asFolder(root.toUri().getPath());
        String excluded = exclude != null && sameFileSystem(root, exclude) ? asFolder(exclude.toUri().getPath()) : null;
        List<InputFile> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String path = f.getPath().toUri().getPath();
            String relative = path.substring(rootPrefix.length());
            if (isHidden(relative) || !Extensions.isImage(relative)) continue;
            if (excluded != null && path.startsWith(excluded)) continue;
            files.add(new InputFile(f.getPath().toString(), relative));
        }
        return files;
    }

    private static List<InputFile> manifest(FileSystem fs, Path manifest) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) continue;
                Path p = new Path(entry);
                entries.add(p.isAbsoluteAndSchemeAuthorityNull() || !p.isAbsolute()
                        ? fs.makeQualified(new Path(manifest.getParent(), p)) : p);
            }
        }
        if (entries.isEmpty()) return List.of();
        String base = commonFolder(entries, manifest);
        List<InputFile> files = new ArrayList<>();
        for (Path p : entries) {
            files.add(new InputFile(p.toString(), p.toUri().getPath().substring(base.length() + 1)));
        }
        return files;
    }

    /** The deepest folder (path, no trailing slash) that holds every entry; entries must share a file system. */
    private static String commonFolder(List<Path> entries, Path manifest) {
        Path first = entries.get(0);
        String base = asFolder(first.getParent().toUri().getPath());
        base = base.substring(0, base.length() - 1); // "" for the root
        for (Path p : entries) {
            if (!sameFileSystem(first, p)) {
                throw new IllegalArgumentException(manifest + " lists files on different file systems (" + first + ", " + p
                        + "); run one job per file system");
            }
            String path = p.toUri().getPath();
            while (!path.startsWith(base + "/")) {
                base = base.substring(0, base.lastIndexOf('/'));
            }
        }
        return base;
    }

    private static boolean sameFileSystem(Path a, Path b) {
        URI x = a.toUri();
        URI y = b.toUri();
        return java.util.Objects.equals(x.getScheme(), y.getScheme()) && java.util.Objects.equals(x.getAuthority(), y.getAuthority());
    }

    /** Whether a segment of {@code relative} starts with '.' or '_' (as Hadoop hides names). */
    static boolean isHidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) return true;
        }
        return false;
    }

    /** {@code path} ending in exactly one '/'. */
    private static String asFolder(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
