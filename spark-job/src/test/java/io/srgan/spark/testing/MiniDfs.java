package io.srgan.spark.testing;

import io.srgan.spark.io.HadoopSettings;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real HDFS (NameNode and one DataNode in this JVM, data in the build directory), started once per
 * test JVM and shared; tests take an {@link Hdfs} parameter. A cluster that cannot start fails the test.
 */
public final class MiniDfs implements ParameterResolver {

    public static Hdfs hdfs(ExtensionContext context) {
        return Shared.get(context, MiniDfs.class, Running.class, Running::start).hdfs;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Hdfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return hdfs(context);
    }

    static final class Running implements AutoCloseable {
        final MiniDFSCluster cluster;
        final Hdfs hdfs;
        final Path baseDir;

        private Running(MiniDFSCluster cluster, Hdfs hdfs, Path baseDir) {
            this.cluster = cluster;
            this.hdfs = hdfs;
            this.baseDir = baseDir;
        }

        static Running start() throws Exception {
            Path baseDir = BuildDirs.newFolder("minidfs", "cluster-");
            Configuration conf = new Configuration();
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile()).numDataNodes(1).build();
            cluster.waitActive();
            URI uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
            HadoopSettings settings = HadoopSettings.of(Map.of(
                    // One DataNode: files asking for the default three replicas would stay under-replicated.
                    "dfs.replication", "1",
                    // A client closing a file polls the NameNode until the DataNode has reported the last
                    // block, first after 400 ms; nearly every small file waits once. 20 ms makes the HDFS
                    // cases of CheckpointStoreTest ~4x faster (34 s -> 9 s) and changes nothing else.
                    "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20"));
            return new Running(cluster, new Hdfs(uri, settings), baseDir);
        }

        @Override
        public void close() {
            cluster.shutdown(true);
            FileUtil.fullyDelete(new File(baseDir.toString()));
        }
    }
}
