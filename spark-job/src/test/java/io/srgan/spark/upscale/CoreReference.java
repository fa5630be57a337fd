package io.srgan.spark.upscale;

import io.srgan.core.arch.Generator;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.inference.FloatImageSource;
import io.srgan.core.inference.JpegRowSink;
import io.srgan.core.inference.PngRowSink;
import io.srgan.core.inference.RowSink;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.core.inference.TilingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The core's single-image path, without Spark or Hadoop: the whole file decoded by ImageDecoder,
 * upscaled by TiledUpscaler, encoded in the input's mode and depth. What the job must write, byte for byte.
 */
final class CoreReference {
    private CoreReference() {}

    static byte[] upscale(byte[] file, String name, Generator generator, TilingConfig tiling, OutputFormat.Encoding encoding)
            throws IOException {
        DecodedImage image = new ImageDecoder().decode(file, name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TiledUpscaler upscaler = new TiledUpscaler(generator, tiling);
             FloatImageSource source = image.alpha().isPresent() ? FloatImageSource.of(image.rgb(), image.alpha().get())
                     : FloatImageSource.of(image.rgb());
             RowSink sink = encoding == OutputFormat.Encoding.PNG
                     ? PngRowSink.toStream(out, name, image.bitDepth()).withColourMode(image.mode())
                     : JpegRowSink.toStream(out, name, 0.95f).withColourMode(image.mode())) {
            upscaler.upscale(source, sink);
        }
        return out.toByteArray();
    }
}
