package io.srgan.spark.upscale;

import io.srgan.core.data.ImageLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * A task of the probe stage: reads the header of each of its inputs (format and size, checked
 * against the limits) so the driver can balance work by pixels and drop bad files before any is
 * decoded. A file that cannot be used comes back with the reason.
 */
final class ProbePartition implements FlatMapFunction<Iterator<PlannedImage>, ProbedImage> {
    private final UpscaleSettings settings;
    private final int scale;

    ProbePartition(UpscaleSettings settings, int scale) {
        this.settings = settings;
        this.scale = scale;
    }

    @Override
    public Iterator<ProbedImage> call(Iterator<PlannedImage> images) throws IOException {
        ImageLimits limits = settings.limits();
        List<ProbedImage> out = new ArrayList<>();
        try (FileSystems files = new FileSystems(settings.hadoop().toConfiguration())) {
            while (images.hasNext()) {
                out.add(probe(images.next(), files, limits));
            }
        }
        return out.iterator();
    }

    private ProbedImage probe(PlannedImage image, FileSystems files, ImageLimits limits) {
        Path path = new Path(image.input().uri());
        try {
            ImageHeader h = InputImages.probe(files.of(path), path, image.input().uri(), limits);
            String jpegProblem = image.encoding() == OutputFormat.Encoding.JPEG ? jpegOutputProblem(h) : null;
            if (jpegProblem != null) return ProbedImage.failed(image, jpegProblem);
            return ProbedImage.ok(image, h.format(), h.width(), h.height());
        } catch (IOException | RuntimeException e) {
            return ProbedImage.failed(image, Failures.describe(e));
        }
    }

    /** JPEG outputs are encoded whole in memory and cannot exceed 65535 pixels a side. */
    private String jpegOutputProblem(ImageHeader h) {
        long w = (long) h.width() * scale;
        long hh = (long) h.height() * scale;
        if (w > UpscaleSettings.MAX_SIDE || hh > UpscaleSettings.MAX_SIDE) {
            return "a " + w + "x" + hh + " output exceeds JPEG's " + UpscaleSettings.MAX_SIDE + " pixels per side: use --format png";
        }
        if (w * hh > settings.maxJpegOutputPixels()) {
            return "a " + w + "x" + hh + " JPEG output exceeds the limit of " + settings.maxJpegOutputPixels()
                    + " pixels (--max-jpeg-output-mp; JPEG is encoded whole in memory): use --format png or raise the limit";
        }
        return null;
    }
}
