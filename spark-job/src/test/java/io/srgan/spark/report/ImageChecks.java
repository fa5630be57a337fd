package io.srgan.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a PNG decodes at the expected size and shows something (not one flat colour). */
final class ImageChecks {
    private ImageChecks() {}

    static BufferedImage decode(byte[] png, String what) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, what + " is not a readable image");
        return image;
    }

    static BufferedImage assertPng(byte[] png, int width, int height, String what) throws IOException {
        BufferedImage image = decode(png, what);
        assertEquals(width, image.getWidth(), what + " width");
        assertEquals(height, image.getHeight(), what + " height");
        assertNotBlank(image, what);
        return image;
    }

    /** Luma standard deviation above 10 (of 255) and at least 20 distinct colours. */
    static void assertNotBlank(BufferedImage image, String what) {
        double sum = 0;
        double sumSq = 0;
        Set<Integer> colours = new HashSet<>();
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                double l = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += l;
                sumSq += l * l;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        assertTrue(std > 10, what + " looks blank: luma standard deviation " + std);
        assertTrue(colours.size() >= 20, what + " looks blank: " + colours.size() + " distinct colours");
    }

    /** Pixels of {@code image} that are neither white nor gray: drawn series, crops. */
    static long colouredPixels(BufferedImage image) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) count++;
            }
        }
        return count;
    }
}
