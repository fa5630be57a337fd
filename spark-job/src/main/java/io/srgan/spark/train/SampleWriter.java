package io.srgan.spark.train;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import io.srgan.spark.run.RunFolder;
import java.io.IOException;

/**
 * Writes, per validation image, the final generator's ×s output and the bicubic one to {@code samples/},
 * for a look by eye; the generator runs tile by tile, as validation does.
 */
final class SampleWriter {
    private final Storage storage;
    private final ValidationSet validation;

    SampleWriter(Storage storage, ValidationSet validation) {
        this.storage = storage;
        this.validation = validation;
    }

    void write(Generator g) throws IOException {
        int s = g.scale();
        validation.forEach(g, (name, hr, upscaler) -> {
            FloatImage lr = SrEvaluator.lrOf(hr, s);
            png(name + "_sr.png", upscaler.upscale(lr));
            png(name + "_bicubic.png", MatlabBicubic.upscaleUint8(lr, s));
        });
        System.out.println("samples written to " + storage.resolve(RunFolder.SAMPLES));
    }

    private void png(String name, FloatImage image) throws IOException {
        byte[] bytes = ImageEncoder.png(image, null, ColourMode.RGB, 8);
        AtomicFile.write(storage, storage.resolve(RunFolder.SAMPLES + "/" + name), out -> out.write(bytes));
    }
}
