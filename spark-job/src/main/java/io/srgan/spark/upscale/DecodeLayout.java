package io.srgan.spark.upscale;

import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * How a file's decoder holds it, read from the header's metadata: whether the whole image is decoded
 * at once (an interlaced PNG, whose rows PNGJ has only after the last Adam7 pass; a progressive JPEG,
 * for which libjpeg keeps every DCT coefficient of the image outside the heap), and how many samples
 * a pixel has in the file.
 *
 * @param wholeImage true for interlaced PNGs and progressive JPEGs
 * @param samples    samples per pixel as stored (PNG: 1 gray or palette, 2, 3, 4; JPEG: its components);
 *                   4 where the header does not say (BMP, TIFF)
 */
record DecodeLayout(boolean wholeImage, int samples) {
    private static final DecodeLayout STREAMED = new DecodeLayout(false, 4);

    static DecodeLayout of(ImageReader reader, String format) throws IOException {
        if (!format.equals("png") && !format.equals("jpeg")) return STREAMED;
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null) return STREAMED;
        Node header = find(metadata.getAsTree(metadata.getNativeMetadataFormatName()), format.equals("png") ? "IHDR" : "sof");
        if (header == null) return STREAMED;
        if (format.equals("png")) {
            int samples = switch (attribute(header, "colorType")) {
                case "GrayAlpha" -> 2;
                case "RGB" -> 3;
                case "RGBAlpha" -> 4;
                default -> 1; // Grayscale, Palette (an index per pixel)
            };
            return new DecodeLayout("adam7".equalsIgnoreCase(attribute(header, "interlaceMethod")), samples);
        }
        String components = attribute(header, "numFrameComponents");
        return new DecodeLayout("2".equals(attribute(header, "process")), components.isEmpty() ? 4 : Integer.parseInt(components));
    }

    private static Node find(Node node, String name) {
        if (node.getNodeName().equals(name)) return node;
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            Node found = find(child, name);
            if (found != null) return found;
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        Node a = node.getAttributes().getNamedItem(name);
        return a == null ? "" : a.getNodeValue();
    }
}
