package io.srgan.spark.upscale;

import io.srgan.core.data.FailureTrackingInputStream;
import io.srgan.core.data.ImageLimits;
import io.srgan.core.data.InvalidImageException;
import io.srgan.core.inference.PngTileSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Opens input files on a Hadoop file system: the header first, checked against the size limits
 * before any pixel is decoded, then a row source that holds a bounded part of the image — PNG
 * streamed by PNGJ, the other formats read in bands through ImageIO regions.
 */
final class InputImages {
    /** Decoded rows a region reader keeps at once. */
    static final long BAND_BYTES = 64L << 20;

    private InputImages() {}

    /** The file's format and size from its header; an unusable or over-limit header is an {@link InvalidImageException}. */
    static ImageHeader probe(FileSystem fs, Path path, String name, ImageLimits limits) throws IOException {
        try (SeekableImageInputStream stream = openStream(fs, path)) {
            ImageHeader header = ImageHeader.read(stream, name, limits);
            header.reader().dispose();
            return header;
        }
    }

    static InputImage open(FileSystem fs, Path path, String name, ImageLimits limits) throws IOException {
        return open(fs, path, name, limits, BAND_BYTES);
    }

    static InputImage open(FileSystem fs, Path path, String name, ImageLimits limits, long bandBytes) throws IOException {
        SeekableImageInputStream stream = openStream(fs, path);
        ImageHeader header;
        try {
            header = ImageHeader.read(stream, name, limits);
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
        if (!header.format().equals("png")) return RegionInput.open(stream, header, name, bandBytes);
        header.reader().dispose();
        stream.close();
        FailureTrackingInputStream in = new FailureTrackingInputStream(new BufferedInputStream(fs.open(path), 1 << 16));
        PngTileSource png = PngTileSource.read(in, name);
        if (png.width() != header.width() || png.height() != header.height()) {
            png.close();
            throw new InvalidImageException(name, "PNG header read twice gave " + header.width() + "x" + header.height()
                    + " and " + png.width() + "x" + png.height() + " (file changed while read?)");
        }
        return new PngInput(png, in, name);
    }

    private static SeekableImageInputStream openStream(FileSystem fs, Path path) throws IOException {
        long length = fs.getFileStatus(path).getLen();
        return new SeekableImageInputStream(fs.open(path), length);
    }

}
