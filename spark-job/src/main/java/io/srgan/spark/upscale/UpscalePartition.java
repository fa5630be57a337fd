package io.srgan.spark.upscale;

import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.spark.cluster.NativeThreads;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * A task of the upscale stage: its partition holds one list of images (balanced by pixels on the
 * driver). The model (the generator, or its int8 form) comes from the broadcast weights, built once per JVM
 * ({@link ExecutorModels}); the task owns its tiled upscaler, its file systems, the output storage
 * and its share of native threads ({@link NativeThreads}), and releases them on its own thread.
 */
final class UpscalePartition implements FlatMapFunction<Iterator<List<ProbedImage>>, FileOutcome> {
    private final Broadcast<ModelWeights> weights;
    private final UpscaleSettings settings;
    private final int threads;

    /** @param threads OpenMP threads for the task's native ops (its share of the cores) */
    UpscalePartition(Broadcast<ModelWeights> weights, UpscaleSettings settings, int threads) {
        this.weights = weights;
        this.settings = settings;
        this.threads = threads;
    }

    @Override
    public Iterator<FileOutcome> call(Iterator<List<ProbedImage>> bundles) throws IOException {
        ModelWeights model = weights.value();
        SrModel network = ExecutorModels.get(model, threads);
        List<FileOutcome> out = new ArrayList<>();
        try (NativeThreads ignored = NativeThreads.use(threads);
             FileSystems inputs = new FileSystems(settings.hadoop().toConfiguration());
             Storage output = Storage.open(URI.create(settings.output()), settings.hadoop());
             TiledUpscaler upscaler = new TiledUpscaler(network, settings.tiling(model.receptiveFieldRadius()))) {
            FileUpscaler files = new FileUpscaler(upscaler, inputs, output, settings);
            while (bundles.hasNext()) {
                for (ProbedImage image : bundles.next()) {
                    out.add(files.upscale(image.image()));
                }
            }
        }
        return out.iterator();
    }
}
