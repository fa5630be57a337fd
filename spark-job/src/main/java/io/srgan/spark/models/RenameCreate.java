package io.srgan.spark.models;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Exclusive create on HDFS (and stores with its rename semantics): the content is written to a
 * temporary and renamed onto the final name, which the Hadoop file system contract makes fail when a
 * file of that name exists. On HDFS the rename is one NameNode operation, so two writers cannot both
 * succeed, and readers never see a half-written file.
 */
final class RenameCreate implements ExclusiveCreate {
    private final FileSystem fs;

    RenameCreate(FileSystem fs) {
        this.fs = fs;
    }

    @Override
    public boolean create(Path target, byte[] content) throws IOException {
        Path temp = new Path(target.getParent(), "_tmp-" + target.getName() + "-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(temp, false)) {
                out.write(content);
                out.hsync();
            }
            return fs.rename(temp, target);
        } finally {
            fs.delete(temp, false);
        }
    }
}
