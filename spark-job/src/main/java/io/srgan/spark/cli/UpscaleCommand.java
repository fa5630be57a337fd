package io.srgan.spark.cli;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.inference.FloatImageSource;
import io.srgan.core.inference.PngRowSink;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.core.inference.TilingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code srgan upscale} on this machine: an image or a folder of images to PNGs ×s, tile by tile so
 * memory does not grow with the image; each output is written under a temporary name and renamed,
 * so an interrupted run never leaves a half-written image. A bad input is reported and skipped.
 */
@Command(name = "upscale", mixinStandardHelpOptions = true, description = "Upscale an image or a folder of images.")
final class UpscaleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "checkpoint folder or run folder") Path model;
    @Option(names = "--input", required = true, description = "image file or folder") Path input;
    @Option(names = "--output", required = true, description = "output folder") Path output;
    @Option(names = "--tile", defaultValue = "192", description = "tile size in LR pixels (default ${DEFAULT-VALUE})") int tile;
    @Option(names = "--overlap", description = "tile overlap in LR pixels (default: the model's receptive field: exact)") Integer overlap;
    @Option(names = "--raw", description = "use the raw generator weights even if the checkpoint has EMA weights") boolean raw;

    @Override
    public Integer call() throws Exception {
        Generator g = ModelLocator.load(model, !raw);
        TilingConfig tiling = TilingConfig.forModel(g, tile);
        if (overlap != null) tiling = tiling.withOverlap(overlap);
        List<Path> files = Files.isDirectory(input) ? ImageFolder.list(input) : List.of(input);
        Files.createDirectories(output);
        ImageDecoder decoder = new ImageDecoder();
        List<String> failed = new ArrayList<>();
        int done = 0;
        long outPixels = 0;
        long t0 = System.nanoTime();
        try (TiledUpscaler upscaler = new TiledUpscaler(g, tiling)) {
            for (Path f : files) {
                Path target = output.resolve(ImageFolder.stem(f) + ".png");
                Path temp = output.resolve("." + target.getFileName() + ".tmp");
                try {
                    DecodedImage img = decoder.decode(f);
                    try (FloatImageSource src = img.alpha().isPresent() ? FloatImageSource.of(img.rgb(), img.alpha().get())
                            : FloatImageSource.of(img.rgb());
                         PngRowSink sink = PngRowSink.toFile(temp, img.bitDepth())) {
                        upscaler.upscale(src, sink);
                    }
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    done++;
                    outPixels += (long) img.height() * img.width() * g.scale() * g.scale();
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(temp);
                    failed.add(f + ": " + e.getMessage());
                    System.err.println("failed: " + f + ": " + e.getMessage());
                }
            }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d upscaled ×%d, %d failed, %.1f s (%.2f output MP/s) → %s%n", done, g.scale(), failed.size(), sec,
                outPixels / 1e6 / sec, output);
        return failed.isEmpty() ? 0 : 1;
    }
}
