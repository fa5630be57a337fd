package io.srgan.spark.train;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.core.inference.TilingConfig;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.ImageScore;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.spark.io.TransientReads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The validation images on any Hadoop URI, scored on the driver with the core's paper protocol
 * (bicubic LR of the HR, PSNR/SSIM on Y, {@code scale} pixels shaved). Memory is bounded: images are
 * read one at a time when scored (transient read errors retried), never all held, and the model runs
 * tile by tile with exact overlap ({@link SrEvaluator#score(TiledUpscaler, String, DecodedImage)}), so
 * a large image costs the memory of one tile, not of the whole image, and scores as it would whole.
 */
public final class ValidationSet {
    /** LR tile side of validation inference (at least 4× the model's receptive-field radius). */
    public static final int TILE = 192;

    private final URI folder;
    private final Map<String, Path> files;
    private final Configuration conf;
    private final int tile;
    private final ImageDecoder decoder = new ImageDecoder();

    private ValidationSet(URI folder, Map<String, Path> files, Configuration conf, int tile) {
        this.folder = folder;
        this.files = files;
        this.conf = conf;
        this.tile = tile;
    }

    /** Lists the folder's images and decodes each once, so that a bad one fails here, naming it. */
    public static ValidationSet load(URI folder, Configuration conf) throws IOException {
        return load(folder, conf, TILE);
    }

    /** As {@link #load(URI, Configuration)}, with LR tiles of at most {@code tile} pixels (tests). */
    static ValidationSet load(URI folder, Configuration conf, int tile) throws IOException {
        ValidationSet set = new ValidationSet(folder, TrainingInputs.imagesByStem(folder, conf), conf, tile);
        for (Path file : set.files.values()) set.read(file);
        return set;
    }

    /** Scores {@code model} on every image, one image in memory at a time. */
    public DatasetScore score(SrModel model) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        try (TiledUpscaler upscaler = upscaler(model)) {
            for (Map.Entry<String, Path> e : files.entrySet()) {
                scores.add(SrEvaluator.score(upscaler, e.getKey(), read(e.getValue())));
            }
        }
        return new DatasetScore(scores);
    }

    /** What to do with each image in turn. */
    @FunctionalInterface
    interface ImageVisitor {
        void visit(String name, DecodedImage hr, TiledUpscaler upscaler) throws IOException;
    }

    /** Hands each image, read one at a time, with a tiled upscaler of {@code model}, to {@code visitor}. */
    void forEach(SrModel model, ImageVisitor visitor) throws IOException {
        try (TiledUpscaler upscaler = upscaler(model)) {
            for (Map.Entry<String, Path> e : files.entrySet()) visitor.visit(e.getKey(), read(e.getValue()), upscaler);
        }
    }

    public int size() {
        return files.size();
    }

    URI folder() { return folder; }

    private TiledUpscaler upscaler(SrModel model) {
        int side = Math.max(tile, 4 * model.receptiveFieldRadius());
        return new TiledUpscaler(model, TilingConfig.forModel(model, side).withBatchSize(1));
    }

    private DecodedImage read(Path file) throws IOException {
        return TransientReads.withRetries(file.toString(), () -> {
            try (InputStream in = file.getFileSystem(conf).open(file)) {
                return decoder.decode(in, file.toString());
            }
        });
    }
}
