package io.srgan.spark.cli;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.ModCrop;
import io.srgan.core.degrade.Degradation;
import io.srgan.core.degrade.DegradationSettings;
import io.srgan.spark.config.JobConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code srgan degrade}: the LR a training run with {@code degradation.enabled} learns from, for a
 * folder of HR images, so that people can look at it (and tune the {@code degradation} block).
 */
@Command(name = "degrade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write degraded LR images of a folder of HR images with the degradation a training run uses"
                + " (Real-ESRGAN's second order; the settings of --config and --set, degradation.* keys), as PNG.",
                "Each image is cropped to a multiple of the scale; copy k of image NAME is seeded by (--seed, NAME, k)."})
final class DegradeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "folder of HR images") Path input;
    @Option(names = "--output", required = true, description = "folder for the LR PNGs (NAME.png, or NAME_k.png with --copies)") Path output;
    @Option(names = "--config", description = "a training config whose degradation block to use (default: Real-ESRGAN's)") Path config;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting, e.g. degradation.second.noise-range=[1,10]")
    List<String> sets = new ArrayList<>();
    @Option(names = "--copies", defaultValue = "1", converter = NumericOptions.Positive.class,
            description = "degraded versions per image, each with its own seed (default ${DEFAULT-VALUE})") int copies;
    @Option(names = "--seed", defaultValue = "0", converter = NumericOptions.NonNegativeLong.class,
            description = "default ${DEFAULT-VALUE}") long seed;
    @Option(names = "--overwrite", description = "replace LR images already in --output (else they are refused)") boolean overwrite;

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(List.of("train.hr=unused", "train.manifest=null", "train.lr=null"));
        all.addAll(sets);
        all.add("degradation.enabled=true");
        DegradationSettings settings = JobConfigLoader.load(config, all).degradation();
        Degradation degradation = new Degradation(settings);
        if (!Files.isDirectory(input)) throw new IllegalArgumentException(input + ": not a folder of images");
        Files.createDirectories(output);
        ImageDecoder decoder = new ImageDecoder();
        int written = 0;
        int failed = 0;
        List<Path> files = ImageFolder.list(input);
        java.util.Map<String, Path> byStem = new java.util.HashMap<>();
        for (Path file : files) { // a.jpg and a.png would both write a.png: refuse before writing anything
            Path other = byStem.putIfAbsent(ImageFolder.stem(file), file);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + file + " would both be written as " + ImageFolder.stem(file)
                        + ".png; rename one");
            }
        }
        for (Path file : files) {
            String stem = ImageFolder.stem(file);
            FloatImage hr;
            try {
                hr = ModCrop.toMultiple(decoder.decode(file).rgb(), settings.scale());
                if (hr.height() < settings.scale() || hr.width() < settings.scale()) {
                    throw new IllegalArgumentException("smaller than the scale " + settings.scale());
                }
            } catch (java.io.IOException | RuntimeException e) {
                spec.commandLine().getErr().println("skipped " + file + ": " + ImageDecoder.describe(e));
                failed++;
                continue;
            }
            for (int k = 0; k < copies; k++) {
                Path target = output.resolve(copies == 1 ? stem + ".png" : stem + "_" + k + ".png");
                if (Files.exists(target) && !overwrite) {
                    throw new IllegalArgumentException(target + " exists; pass --overwrite to replace it");
                }
                FloatImage lr = degradation.apply(hr, imageSeed(seed, stem, k));
                Path part = output.resolve("." + target.getFileName() + ".part");
                Files.write(part, ImageEncoder.png(lr, null, ColourMode.RGB, 8));
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written++;
            }
        }
        spec.commandLine().getOut().printf("%d LR images (x%d) written to %s%s%n", written, settings.scale(), output,
                failed > 0 ? "; " + failed + " inputs skipped (above)" : "");
        return failed > 0 ? ExitCodes.SOME_INPUTS_FAILED : ExitCodes.OK;
    }

    /** A seed per (run seed, image name, copy): {@link Degradation#imageSeed}. */
    static long imageSeed(long seed, String name, int copy) {
        return Degradation.imageSeed(seed, name, copy);
    }
}
