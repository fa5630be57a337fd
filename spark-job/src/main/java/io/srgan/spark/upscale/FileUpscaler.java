package io.srgan.spark.upscale;

import io.srgan.core.data.ImageLimits;
import io.srgan.core.inference.JpegRowSink;
import io.srgan.core.inference.PngRowSink;
import io.srgan.core.inference.RowSink;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upscales one input file into its output: decoded strip by strip, tiled through the model, encoded
 * as rows arrive, and committed whole ({@link AtomicFile}: a temporary renamed into place, or on an
 * object store an upload that completes or is aborted), so an output exists only once it is
 * complete. An output already present is skipped, which makes a rerun (or a retried task) finish
 * only what is missing, unless the job redoes the folder's outputs ({@code --overwrite}). The output
 * keeps the input's colour mode and bit depth.
 */
final class FileUpscaler {
    private static final Logger LOG = LoggerFactory.getLogger(FileUpscaler.class);

    private final TiledUpscaler upscaler;
    private final FileSystems inputs;
    private final Storage output;
    private final OutputPaths paths;
    private final ImageLimits limits;
    private final float jpegQuality;
    private final boolean replaceExisting;

    FileUpscaler(TiledUpscaler upscaler, FileSystems inputs, Storage output, UpscaleSettings settings) {
        this.upscaler = upscaler;
        this.inputs = inputs;
        this.output = output;
        this.paths = settings.outputs();
        this.limits = settings.limits();
        this.jpegQuality = settings.jpegQuality();
        this.replaceExisting = settings.replaceExisting();
    }

    FileOutcome upscale(PlannedImage image) {
        long start = System.nanoTime();
        try {
            Path target = paths.resolve(image.output());
            if (!replaceExisting && output.fileSystem().exists(target)) return FileOutcome.skipped(image, "output already complete");
            Path source = new Path(image.input().uri());
            try (InputImage input = InputImages.open(inputs.of(source), source, image.input().uri(), limits)) {
                String refusal = refusal(image.encoding(), input);
                if (refusal != null) return FileOutcome.failed(image, refusal, seconds(start));
                AtomicFile.write(output, target, out -> {
                    try (RowSink sink = sink(image.encoding(), out, target.toString(), input)) {
                        upscaler.upscale(input, sink);
                    }
                });
                int s = upscaler.model().scale();
                FileOutcome done = FileOutcome.done(image, (long) input.height() * s * input.width() * s, seconds(start));
                LOG.debug("{} → {} in {} s", image.input().relative(), image.output(), String.format("%.2f", done.seconds()));
                return done;
            }
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // an error of this file's size or content: what it allocated is garbage once we are out of here, and
            // the task goes on with the next file (Spark would end the executor, or in local mode the whole job)
            FileOutcome failed = FileOutcome.failed(image, Failures.describe(e), seconds(start));
            LOG.warn("{}: {}", image.input().uri(), failed.reason());
            return failed;
        }
    }

    /** Why the input cannot be written in this encoding without losing its mode, or null. */
    private static String refusal(OutputFormat.Encoding encoding, InputImage input) {
        if (encoding != OutputFormat.Encoding.JPEG) return null;
        if (input.mode().hasAlpha()) {
            return "JPEG output cannot keep the input's alpha channel (" + input.mode() + "): use --format png or same";
        }
        if (input.bitDepth() == 16) return "JPEG output cannot keep the input's 16-bit samples: use --format png or same";
        return null;
    }

    private RowSink sink(OutputFormat.Encoding encoding, OutputStream out, String name, InputImage input) {
        return switch (encoding) {
            case PNG -> PngRowSink.toStream(out, name, input.bitDepth()).withColourMode(input.mode());
            case JPEG -> JpegRowSink.toStream(out, name, jpegQuality).withColourMode(input.mode());
        };
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
