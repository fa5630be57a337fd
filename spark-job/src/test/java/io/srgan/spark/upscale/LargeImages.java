package io.srgan.spark.upscale;

import io.srgan.core.data.ImageLimits;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Large test images, and a main that reads one strip by strip (run in a JVM with a small heap). */
final class LargeImages {
    private LargeImages() {}

    /** A gradient JPEG, written from a gray raster (1 byte per pixel while writing). */
    static void writeJpeg(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) data[y * width + x] = (byte) ((x / 7 + y / 5) & 0xff);
        }
        if (!ImageIO.write(image, "jpeg", file.toFile())) throw new IOException("no JPEG writer");
    }

    /** Args: file, strip rows. Reads every row in overlapping strips as the tiled upscaler does; prints what it read. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int strip = Integer.parseInt(args[1]);
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        try (InputImage input = InputImages.open(fs, new org.apache.hadoop.fs.Path(file.toUri()), file.toString(),
                new ImageLimits(100_000_000L, 65_535), 8L << 20)) {
            int y = 0;
            while (y < input.height()) {
                int rows = Math.min(strip, input.height() - y);
                input.readRows(Math.max(0, y - 10), rows + Math.min(10, y));
                y += rows;
            }
            System.out.println("read " + y + " rows of " + input.width() + " in " + input.mode() + ", max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        }
    }
}
