package io.srgan.spark.upscale;

import io.srgan.core.data.ImageLimits;
import io.srgan.core.inference.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * A task of the probe stage: reads the header of each of its inputs (format and size, checked
 * against the limits) so the driver can balance work by pixels and drop bad files before any is
 * decoded, and refuses a file whose upscaling would not fit a task's memory on this executor
 * ({@link MemoryEstimate} against {@link MemoryBudget}) instead of letting it kill the task. A file
 * that cannot be used comes back with the reason.
 */
final class ProbePartition implements FlatMapFunction<Iterator<PlannedImage>, ProbedImage> {
    private final UpscaleSettings settings;
    private final int scale;
    private final int modelChannels;
    private final int receptiveFieldRadius;
    private final MemoryBudget budget;

    ProbePartition(UpscaleSettings settings, ModelWeights model, MemoryBudget budget) {
        this.settings = settings;
        this.scale = model.scale();
        this.modelChannels = model.channels();
        this.receptiveFieldRadius = model.receptiveFieldRadius();
        this.budget = budget;
    }

    @Override
    public Iterator<ProbedImage> call(Iterator<PlannedImage> images) throws IOException {
        ImageLimits limits = settings.limits();
        MemoryBudget.TaskMemory memory = budget.perTask();
        List<ProbedImage> out = new ArrayList<>();
        try (FileSystems files = new FileSystems(settings.hadoop().toConfiguration())) {
            while (images.hasNext()) {
                out.add(probe(images.next(), files, limits, memory));
            }
        }
        return out.iterator();
    }

    private ProbedImage probe(PlannedImage image, FileSystems files, ImageLimits limits, MemoryBudget.TaskMemory memory) {
        Path path = new Path(image.input().uri());
        try {
            ImageHeader h = InputImages.probe(files.of(path), path, image.input().uri(), limits);
            String jpegProblem = image.encoding() == OutputFormat.Encoding.JPEG ? jpegOutputProblem(h) : null;
            if (jpegProblem != null) return ProbedImage.failed(image, jpegProblem);
            MemoryEstimate needs = MemoryEstimate.of(h.width(), h.height(), h.format(), h.layout(), image.encoding(),
                    settings.tiling(receptiveFieldRadius), scale, modelChannels, settings.precision() == Precision.BF16);
            String tooLarge = memory.refusal(needs);
            if (tooLarge != null) return ProbedImage.failed(image, "a " + h.width() + "x" + h.height() + " " + h.format() + tooLarge(h) + " " + tooLarge);
            return ProbedImage.ok(image, h.format(), h.width(), h.height());
        } catch (IOException | RuntimeException e) {
            return ProbedImage.failed(image, Failures.describe(e));
        }
    }

    private static String tooLarge(ImageHeader h) {
        if (!h.layout().wholeImage()) return "";
        return h.format().equals("png") ? " (interlaced: decoded whole)" : " (progressive: decoded whole)";
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
