package io.srgan.spark.train;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageBatches;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.MatlabBicubic;
import io.srgan.core.data.ModCrop;
import io.srgan.spark.io.AtomicFile;
import io.srgan.spark.io.Storage;
import java.io.IOException;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes, per validation image, the final generator's ×s output and the bicubic one to {@code samples/}, for a look by eye. */
final class SampleWriter {
    private final Storage storage;
    private final ValidationSet validation;

    SampleWriter(Storage storage, ValidationSet validation) {
        this.storage = storage;
        this.validation = validation;
    }

    void write(Generator g) throws IOException {
        int s = g.scale();
        for (Map.Entry<String, DecodedImage> e : validation.images().entrySet()) {
            FloatImage lr = MatlabBicubic.downscaleUint8(ModCrop.toMultiple(e.getValue().rgb(), s), s);
            FloatImage sr;
            try (INDArray in = ImageBatches.toBatch(lr); INDArray out = g.upscale(in)) {
                sr = ImageBatches.fromBatch(out, 0);
            }
            png(e.getKey() + "_sr.png", sr);
            png(e.getKey() + "_bicubic.png", MatlabBicubic.upscaleUint8(lr, s));
        }
        System.out.println("samples written to " + storage.resolve("samples"));
    }

    private void png(String name, FloatImage image) throws IOException {
        byte[] bytes = ImageEncoder.png(image, null, ColourMode.RGB, 8);
        AtomicFile.write(storage, storage.resolve("samples/" + name), out -> out.write(bytes));
    }
}
