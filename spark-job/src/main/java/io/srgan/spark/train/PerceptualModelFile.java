package io.srgan.spark.train;

import com.typesafe.config.ConfigFactory;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.PerceptualConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.spark.config.JobConfig;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The perceptual loss's frozen feature network (a Keras HDF5 file) where every trainer can read it:
 * the file may be on HDFS, S3 or the driver's disk, so the driver registers it with Spark
 * ({@code addFile}), which copies it to each executor, and trainers open their local copy.
 */
final class PerceptualModelFile {
    private PerceptualModelFile() {}

    /** Registers the configured model file with Spark; returns the name executors find it under, or null when the term is off. */
    static String distribute(JavaSparkContext sc, JobConfig config) {
        if (!config.train().loss().perceptual().enabled()) return null;
        // the raw setting: a Hadoop URI would not survive the trip through java.nio.file.Path
        String location = ConfigFactory.parseString(config.rendered()).getString("srgan.loss.perceptual.model");
        java.net.URI uri = Uris.of(location);
        sc.addFile(uri.toString());
        return new org.apache.hadoop.fs.Path(uri).getName(); // the decoded name, as Spark stores the copy
    }

    /** {@code config} reading the model from Spark's local copy named {@code fileName} (null: unchanged). */
    static TrainConfig localized(TrainConfig config, String fileName) {
        if (fileName == null) return config;
        PerceptualConfig p = config.loss().perceptual();
        return withPerceptual(config, new PerceptualConfig(p.weight(), Path.of(SparkFiles.get(fileName)), p.layers(),
                p.layerWeights(), p.beforeActivation(), p.criterion(), p.preprocessing()));
    }

    /**
     * {@code config} without the perceptual term: for the driver, which only needs the initial
     * weights (the feature network is loaded after them and draws no random numbers).
     */
    static TrainConfig withoutPerceptual(TrainConfig config) {
        return withPerceptual(config, PerceptualConfig.off());
    }

    private static TrainConfig withPerceptual(TrainConfig config, PerceptualConfig perceptual) {
        return config.withLoss(config.loss().withPerceptual(perceptual));
    }
}
