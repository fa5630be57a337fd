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

    public static DatasetScore scoreFolder(SrModel model, Path hrDir, ImageDecoder decoder) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        for (Path file : ImageFolder.list(hrDir)) {
            scores.add(score(model, ImageFolder.stem(file), decoder.decode(file)));
        }
        if (scores.isEmpty()) throw new IOException(hrDir + ": no images (" + ImageFolder.EXTENSIONS + ")");
        return new DatasetScore(scores);
    }
}
