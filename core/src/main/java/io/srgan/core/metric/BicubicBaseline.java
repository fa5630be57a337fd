package io.srgan.core.metric;

import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bicubic row of every SR table: HR cropped to a multiple of the scale, LR by MATLAB bicubic
 * downscaling, SR by MATLAB bicubic upscaling of that LR (both on uint8, {@link MatlabBicubic}),
 * scored by {@link SrMetrics}. Gray files (mode GRAY or GRAY_ALPHA) are processed and scored as
 * one channel, as MATLAB reads them; alpha is ignored.
 */
public final class BicubicBaseline {
    private BicubicBaseline() {}

    /** The bicubic SR of {@code hr} (1 or 3 channels): same channels, HR size cropped to a multiple of the scale. */
    public static FloatImage upscaled(FloatImage hr, int scale) {
        FloatImage lr = MatlabBicubic.downscaleUint8(ModCrop.toMultiple(hr, scale), scale);
        return MatlabBicubic.upscaleUint8(lr, scale);
    }

    public static ImageScore score(String name, FloatImage hr, int scale, GrayPolicy gray) {
        return SrMetrics.score(name, upscaled(hr, scale), hr, scale, gray);
    }

    /**
     * Every image of {@code hrDir} with a given LR from {@code lrDir} (matched by name, exactly 1/s of
     * the HR cropped to a multiple of s) upscaled by MATLAB bicubic (on uint8; a gray LR file as one
     * channel), instead of the protocol's LR.
     */
    public static DatasetScore run(Path hrDir, Path lrDir, int scale, GrayPolicy gray, ImageDecoder decoder) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        for (Path file : ImageFolder.list(hrDir)) {
            String stem = ImageFolder.stem(file);
            DecodedImage hr = decoder.decode(file);
            DecodedImage lr = decoder.decode(SrEvaluator.lrFile(lrDir, stem));
            SrEvaluator.checkLrSize(stem, hr, lr, scale);
            scores.add(SrMetrics.score(file.getFileName().toString(), MatlabBicubic.upscaleUint8(lr.colour(), scale), hr.colour(),
                    scale, gray));
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(hrDir + ": no images (" + ImageFolder.EXTENSIONS + ")");
        }
        return new DatasetScore(scores);
    }

    /** Every image of {@code hrDir} ({@link ImageFolder#list}), in file-name order. */
    public static DatasetScore run(Path hrDir, int scale, GrayPolicy gray, ImageDecoder decoder) throws IOException {
        List<ImageScore> scores = new ArrayList<>();
        for (Path file : ImageFolder.list(hrDir)) {
            DecodedImage hr = decoder.decode(file);
            scores.add(score(file.getFileName().toString(), hr.colour(), scale, gray));
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(hrDir + ": no images (" + ImageFolder.EXTENSIONS + ")");
        }
        return new DatasetScore(scores);
    }
}
