package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class CommitProtocolTest {
    @Test
    void objectStoresWriteDirectlyAndFileSystemsRename() {
        Configuration conf = new Configuration(false);
        assertEquals(CommitProtocol.DIRECT, CommitProtocol.forScheme("s3a", conf));
        assertEquals(CommitProtocol.DIRECT, CommitProtocol.forScheme("GS", conf));
        assertEquals(CommitProtocol.RENAME, CommitProtocol.forScheme("hdfs", conf));
        assertEquals(CommitProtocol.RENAME, CommitProtocol.forScheme("file", conf));
    }

    @Test
    void theConfiguredProtocolWins() {
        Configuration conf = new Configuration(false);
        conf.set(CommitProtocol.KEY, "direct");
        assertEquals(CommitProtocol.DIRECT, CommitProtocol.forScheme("hdfs", conf));
        conf.set(CommitProtocol.KEY, "copy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommitProtocol.forScheme("hdfs", conf));
        assertTrue(e.getMessage().contains("srgan.io.commit-protocol=copy") && e.getMessage().contains("rename or direct"),
                e.getMessage());
    }
}
