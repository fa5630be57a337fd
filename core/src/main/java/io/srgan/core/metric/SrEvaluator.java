package io.srgan.core.metric;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageBatches;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.TiledUpscaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores a model on ground-truth images the way the SR papers do: LR = MATLAB bicubic ×1/s of the
 * HR cropped to a multiple of s (8-bit), SR = the model's whole-image output, metrics by
 * {@link SrMetrics} against the HR as decoded (gray stays gray).
 */
public final class SrEvaluator {
    private SrEvaluator() {}

    public static ImageScore score(SrModel model, String name, DecodedImage hr) {
        int scale = model.scale();
        FloatImage lr = lrOf(hr, scale);
        FloatImage sr;
        try (INDArray in = ImageBatches.toBatch(lr); INDArray out = model.upscale(in)) {
            sr = ImageBatches.fromBatch(out, 0);
        }
        return SrMetrics.score(name, sr, hr.colour(), scale);
    }

    /**
     * As {@link #score(SrModel, String, DecodedImage)}, with the model run tile by tile: the model's
     * memory depends on the tile, not on the image. With exact tiling (overlap at least the model's
     * receptive-field radius, {@link io.srgan.core.inference.TilingConfig#forModel}) the scores are
     * the whole-image ones up to floating-point reassociation.
     */
    public static ImageScore score(TiledUpscaler upscaler, String name, DecodedImage hr) {
        int scale = upscaler.model().scale();
        return SrMetrics.score(name, upscaler.upscale(lrOf(hr, scale)), hr.colour(), scale);
    }

    /** The protocol's LR: MATLAB bicubic ×1/s of the HR cropped to a multiple of s, 8-bit. */
    public static FloatImage lrOf(DecodedImage hr, int scale) {
        return MatlabBicubic.downscaleUint8(ModCrop.toMultiple(hr.rgb(), scale), scale);
    }

    /**
     * As {@link #score(SrModel, String, DecodedImage)} with {@code lr} as the input instead of the
     * protocol's bicubic LR: for inputs made another way (Real-ESRGAN's degradations, a camera). It
     * must be exactly 1/s of the HR cropped to a multiple of s.
     */
    public static ImageScore score(SrModel model, String name, DecodedImage hr, DecodedImage lr) {
        int scale = model.scale();
        checkLrSize(name, hr, lr, scale);
        FloatImage sr;
        try (INDArray in = ImageBatches.toBatch(lr.rgb()); INDArray out = model.upscale(in)) {
            sr = ImageBatches.fromBatch(out, 0);
        }
        return SrMetrics.score(name, sr, hr.colour(), scale);
    }

    /** Fails unless {@code lr} is the HR cropped to a multiple of {@code scale}, divided by it. */
    static void checkLrSize(String name, DecodedImage hr, DecodedImage lr, int scale) {
        int h = hr.height() / scale;
        int w = hr.width() / scale;
        if (lr.height() != h || lr.width() != w) {
            throw new IllegalArgumentException(name + ": LR is " + lr.width() + "x" + lr.height() + ", but the HR ("
                    + hr.width() + "x" + hr.height() + ") at x" + scale + " needs " + w + "x" + h);
        }
    }

    /**
     * The LR file for HR image {@code stem} in {@code lrDir}: same name without extension, any
     * extension {@link ImageFolder} reads. Fails when there is none or more than one.
     */
    public static Path lrFile(Path lrDir, String stem) throws IOException {
        List<Path> matches = ImageFolder.list(lrDir).stream().filter(p -> ImageFolder.stem(p).equals(stem)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(lrDir + ": " + (matches.isEmpty() ? "no LR image" : "more than one LR image")
                    + " named " + stem + ".* for the HR image " + stem);
        }
        return matches.get(0);
    }

    /** Every image of {@code hrDir} with its LR from {@code lrDir} (matched by name) as the model's input. */
    public static DatasetScore scoreFolder(SrModel model, Path hrDir, Path lrDir, ImageDecoder decoder) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        for (Path file : ImageFolder.list(hrDir)) {
            String stem = ImageFolder.stem(file);
            scores.add(score(model, stem, decoder.decode(file), decoder.decode(lrFile(lrDir, stem))));
        }
        if (scores.isEmpty()) throw new IOException(hrDir + ": no images (" + ImageFolder.EXTENSIONS + ")");
        return new DatasetScore(scores);
    }

    public static DatasetScore scoreFolder(SrModel model, Path hrDir, ImageDecoder decoder) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        for (Path file : ImageFolder.list(hrDir)) {
            scores.add(score(model, ImageFolder.stem(file), decoder.decode(file)));
        }
        if (scores.isEmpty()) throw new IOException(hrDir + ": no images (" + ImageFolder.EXTENSIONS + ")");
        return new DatasetScore(scores);
    }
}
