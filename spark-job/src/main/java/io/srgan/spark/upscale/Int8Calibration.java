package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.util.Versions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --precision int8}: the driver quantises the generator once, calibrated on the job's own
 * inputs ({@value #IMAGES} of them, evenly spaced in listing order), so the ranges fit what the job
 * upscales; executors receive the int8 model with the broadcast. From each image it reads one band of
 * {@value #BAND_ROWS} rows across the middle, the way the job reads images (bounded memory, whatever
 * the image's size), and cuts {@link CalibrationTiles} crops from it. All listed inputs are
 * candidates, not only those still to do, so a rerun that finishes a killed job calibrates on the same
 * images; one that cannot be read is passed over for the next.
 */
final class Int8Calibration {
    static final int IMAGES = 8;
    static final int BAND_ROWS = 2 * CalibrationTiles.SIZE;
    private static final Logger LOG = LoggerFactory.getLogger(Int8Calibration.class);

    private Int8Calibration() {}

    /** {@code model} with its int8 form; fails (exit 2) when no input can be read or int8 strays too far from fp32. */
    static ModelWeights quantize(ModelWeights model, List<InputFile> inputs, UpscaleSettings settings) throws IOException {
        int alignment = model.config().inputAlignment();
        List<FloatImage> tiles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (FileSystems files = new FileSystems(settings.hadoop().toConfiguration())) {
            for (int i : candidates(inputs.size())) {
                if (names.size() == IMAGES) break;
                InputFile input = inputs.get(i);
                Path path = new Path(input.uri());
                try (InputImage image = InputImages.open(files.of(path), path, input.uri(), settings.limits())) {
                    int rows = Math.min(image.height(), BAND_ROWS);
                    FloatImage band = image.readRows((image.height() - rows) / 2, rows);
                    tiles.addAll(CalibrationTiles.of(List.of(band), alignment, i));
                    names.add(input.relative());
                } catch (IOException | RuntimeException e) {
                    LOG.info("int8 calibration passes over {}: {}", input.uri(), ImageDecoder.describe(e));
                }
            }
        }
        if (tiles.isEmpty()) throw new IllegalArgumentException("--precision int8: none of the inputs could be read for calibration");
        Generator g = model.build();
        long start = System.nanoTime();
        Int8Model int8 = Int8Quantization.quantize(g, tiles, Runtime.getRuntime().availableProcessors(), model.source(), Versions.project());
        LOG.info("int8: calibrated on {} crops of {} inputs ({}) in {} s; {} dB PSNR against fp32 on them", tiles.size(), names.size(),
                String.join(", ", names), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                String.format(Locale.ROOT, "%.1f", int8.psnrAgainstFp32()));
        return model.withInt8(int8);
    }

    /** Every index, in the order tried: evenly spaced first, then the rest in listing order. */
    static List<Integer> candidates(int n) {
        List<Integer> order = new ArrayList<>();
        boolean[] taken = new boolean[n];
        int spread = Math.min(n, IMAGES);
        for (int k = 0; k < spread; k++) {
            int i = (int) ((long) k * n / spread);
            taken[i] = true;
            order.add(i);
        }
        for (int i = 0; i < n; i++) if (!taken[i]) order.add(i);
        return order;
    }
}
