package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JPEG compression artefacts by a real encode and decode through {@code javax.imageio} (the JDK's
 * libjpeg 6b): the RGB image is clamped to [0, 1], rounded to 8 bits (half to even, as torch), written
 * as baseline JFIF and read back; the result is on the 8-bit grid.
 *
 * <p>Against Real-ESRGAN's {@code DiffJPEG(differentiable=False)}:
 * <ul>
 *   <li>Chroma is 4:2:0 in both: ImageIO's default for a 3-channel JFIF image (Y sampled 2×2, Cb
 *       and Cr 1×1), which is also libjpeg's. DiffJPEG upsamples chroma by pixel replication; libjpeg
 *       decodes with "fancy" (triangular) upsampling, so colour edges come out smoother here.</li>
 *   <li>Quality: the same IJG scaling of the same standard tables ({@code 5000/q} below 50, else
 *       {@code 200 − 2q}, in percent), but ImageIO rounds each table entry to an integer in [1, 255]
 *       where DiffJPEG keeps the fractional entries. A fractional quality is kept (passed as q/100).</li>
 *   <li>DiffJPEG works on unquantised floats and returns floats; here input and output are 8-bit.
 *       DiffJPEG pads to a multiple of 16 with black, libjpeg replicates the edge, so the last
 *       partial block differs; the DCT is libjpeg's integer one rather than a float tensor DCT.</li>
 * </ul>
 * Each call uses its own reader and writer, so this is safe to call from many threads.
 */
public final class JpegRoundTrip {
    private JpegRoundTrip() {}

    /** @param quality IJG quality in [1, 100], fractional allowed */
    public static FloatImage apply(FloatImage image, double quality) {
        return decode(encode(image, quality), image.height(), image.width());
    }

    /** The JPEG bytes of the clamped, 8-bit-rounded {@code image}. */
    public static byte[] encode(FloatImage image, double quality) {
        if (image.channels() != 3) {
            throw new IllegalArgumentException("JPEG round trip needs an RGB image, got " + image.channels() + " channels");
        }
        if (!(quality >= 1 && quality <= 100)) {
            throw new IllegalArgumentException("JPEG quality must be in [1, 100], got " + quality);
        }
        int h = image.height();
        int w = image.width();
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        float[] src = image.data();
        int[] samples = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            samples[i] = Noise.level(src[i]);
        }
        bi.getRaster().setPixels(0, 0, w, h, samples); // bands R, G, B whatever the byte order
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(h * w / 2 + 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((float) (quality / 100.0));
            writer.write(null, new IIOImage(bi, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding in memory failed", e); // no real I/O here
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static FloatImage decode(byte[] jpeg, int h, int w) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        BufferedImage bi;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            bi = reader.read(0);
        } catch (IOException e) {
            throw new UncheckedIOException("decoding our own JPEG failed", e);
        } finally {
            reader.dispose();
        }
        Raster raster = bi.getRaster();
        if (bi.getHeight() != h || bi.getWidth() != w || raster.getNumBands() != 3) {
            throw new IllegalStateException("JPEG decoded to " + bi.getHeight() + "x" + bi.getWidth() + "x" + raster.getNumBands() + ", expected " + h + "x" + w + "x3");
        }
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = samples[i] / 255f;
        }
        return new FloatImage(h, w, 3, out);
    }
}
