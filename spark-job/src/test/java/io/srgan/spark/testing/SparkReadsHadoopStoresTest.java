package io.srgan.spark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Storage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared Spark context reads from the shared HDFS and S3 servers: the Hadoop settings a job is
 * given reach the tasks, both through Spark's own input path and through settings serialized in a
 * closure, which is how the training job's tasks will open their data.
 */
@ExtendWith({LocalSpark.class, MiniDfs.class, S3Proxy.class})
class SparkReadsHadoopStoresTest {
    private static final List<String> LINES = IntStream.range(0, 2000).mapToObj(i -> "line " + i).toList();

    @Test
    void readsTextFromHdfs(JavaSparkContext spark, Hdfs hdfs) throws Exception {
        checkSparkReads(spark, hdfs.uri("/smoke/" + UUID.randomUUID() + "/lines.txt"), hdfs.settings());
    }

    @Test
    void readsTextFromS3(JavaSparkContext spark, S3Bucket s3) throws Exception {
        checkSparkReads(spark, s3.uri("smoke/" + UUID.randomUUID() + "/lines.txt"), s3.settings());
    }

    private static void checkSparkReads(JavaSparkContext spark, URI file, HadoopSettings settings) throws Exception {
        try (Storage storage = Storage.open(file, settings)) {
            byte[] text = (String.join("\n", LINES) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(storage, storage.root(), out -> out.write(text));
        }

        List<String> viaInputFormat = spark.newAPIHadoopFile(file.toString(), TextInputFormat.class,
                        LongWritable.class, Text.class, settings.toConfiguration())
                .map(pair -> pair._2().toString())
                .collect();
        assertEquals(LINES, viaInputFormat);

        String uri = file.toString();
        List<Integer> linesPerTask = spark.parallelize(List.of(uri, uri), 2)
                .map(u -> {
                    try (Storage storage = Storage.open(URI.create(u), settings);
                         BufferedReader reader = new BufferedReader(new InputStreamReader(
                                 storage.fileSystem().open(new Path(u)), StandardCharsets.UTF_8))) {
                        return reader.lines().collect(Collectors.toList()).size();
                    }
                })
                .collect();
        assertEquals(List.of(LINES.size(), LINES.size()), linesPerTask);
    }
}
