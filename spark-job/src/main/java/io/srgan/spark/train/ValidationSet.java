package io.srgan.spark.train;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The validation images, read once on the driver from any Hadoop URI and scored at every checkpoint
 * with the core's paper protocol (bicubic LR of the HR, PSNR/SSIM on Y, {@code scale} pixels shaved).
 */
final class ValidationSet {
    private final URI folder;
    private final Map<String, DecodedImage> images;

    private ValidationSet(URI folder, Map<String, DecodedImage> images) {
        this.folder = folder;
        this.images = images;
    }

    static ValidationSet load(URI folder, Configuration conf) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        Map<String, DecodedImage> images = new LinkedHashMap<>();
        FileSystem fs = FileSystem.get(folder, conf);
        for (Map.Entry<String, Path> e : TrainingInputs.imagesByStem(folder, conf).entrySet()) {
            try (InputStream in = fs.open(e.getValue())) {
                images.put(e.getKey(), decoder.decode(in, e.getValue().toString()));
            }
        }
        return new ValidationSet(folder, images);
    }

    DatasetScore score(Generator g) {
        List<ImageScore> scores = new ArrayList<>();
        images.forEach((name, hr) -> scores.add(SrEvaluator.score(g, name, hr)));
        return new DatasetScore(scores);
    }

    Map<String, DecodedImage> images() { return images; }
    URI folder() { return folder; }
}
