package io.srgan.spark.models;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Exclusive create on a local disk: the content goes to a temporary, which is then hard-linked under
 * the final name. Hadoop's local {@code create(path, false)} checks and creates in two steps and its
 * rename replaces an existing file; {@code link(2)} does neither.
 */
final class LinkCreate implements ExclusiveCreate {
    private final FileSystem fs;

    LinkCreate(FileSystem fs) {
        this.fs = fs;
    }

    @Override
    public boolean create(Path target, byte[] content) throws IOException {
        File file = toFile(target);
        Files.createDirectories(file.toPath().getParent());
        java.nio.file.Path temp = file.toPath().resolveSibling("_tmp-" + file.getName() + "-" + UUID.randomUUID());
        try {
            Files.write(temp, content);
            Files.createLink(file.toPath(), temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private File toFile(Path path) {
        Path qualified = fs.makeQualified(path);
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(qualified);
        }
        return ((RawLocalFileSystem) fs).pathToFile(qualified);
    }
}
