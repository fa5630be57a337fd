package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageLimits;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.util.Versions;
import io.srgan.spark.io.HadoopSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --precision int8}: the driver quantises the generator once, calibrated on the job's own
 * inputs ({@value #IMAGES} of them, evenly spaced in listing order, {@link CalibrationTiles} crops of
 * each), so the ranges fit what the job upscales; executors receive the int8 model with the broadcast.
 * All listed inputs are candidates, not only those still to do, so a rerun that finishes a killed job
 * calibrates on the same images. An input that cannot be read or is larger than {@value #MAX_PIXELS}
 * pixels (decoded whole on the driver) is passed over for the next.
 */
final class Int8Calibration {
    static final int IMAGES = 8;
    static final long MAX_PIXELS = 16_000_000L;
    private static final long SEED = 0;
    private static final Logger LOG = LoggerFactory.getLogger(Int8Calibration.class);

    private Int8Calibration() {}

    /** {@code model} with its int8 form; fails (exit 2) when no input can be read or int8 strays too far from fp32. */
    static ModelWeights quantize(ModelWeights model, List<InputFile> inputs, HadoopSettings hadoop) throws IOException {
        List<FloatImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(MAX_PIXELS, UpscaleSettings.MAX_SIDE));
        try (FileSystems files = new FileSystems(hadoop.toConfiguration())) {
            for (int i : candidates(inputs.size())) {
                if (images.size() == IMAGES) break;
                InputFile input = inputs.get(i);
                Path path = new Path(input.uri());
                try (InputStream in = files.of(path).open(path)) {
                    images.add(decoder.decode(in, input.uri()).rgb());
                    names.add(input.relative());
                } catch (IOException | RuntimeException e) {
                    LOG.info("int8 calibration passes over {}: {}", input.uri(), ImageDecoder.describe(e));
                }
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("--precision int8: none of the inputs could be read for calibration"
                    + " (each must decode and be at most " + MAX_PIXELS + " pixels)");
        }
        Generator g = model.build();
        List<FloatImage> tiles = CalibrationTiles.of(images, model.config().inputAlignment(), SEED);
        long start = System.nanoTime();
        Int8Model int8 = Int8Quantization.quantize(g, tiles, Runtime.getRuntime().availableProcessors(), model.source(), Versions.project());
        LOG.info("int8: calibrated on {} crops of {} inputs ({}) in {} s; {} dB PSNR against fp32 on them", tiles.size(), images.size(),
                String.join(", ", names), String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                String.format(java.util.Locale.ROOT, "%.1f", int8.psnrAgainstFp32()));
        return model.withInt8(int8);
    }

    /** Every index, in the order tried: evenly spaced first, then the rest in listing order. */
    static List<Integer> candidates(int n) {
        List<Integer> order = new ArrayList<>();
        boolean[] taken = new boolean[n];
        for (int k = 0; k < Math.min(n, IMAGES); k++) {
            int i = (int) ((long) k * n / Math.min(n, IMAGES));
            if (!taken[i]) {
                taken[i] = true;
                order.add(i);
            }
        }
        for (int i = 0; i < n; i++) if (!taken[i]) order.add(i);
        return order;
    }
}
