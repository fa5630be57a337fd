package io.srgan.core.metric;

import java.util.List;

/**
 * The scores of a dataset: per image and their plain means (the figure the papers report). A
 * perfect image (+∞ dB) makes the mean PSNR +∞, as in the reference evaluator.
 */
public record DatasetScore(List<ImageScore> images) {
    public DatasetScore {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a dataset score needs at least one image");
        }
    }

    public int size() { return images.size(); }

    public double meanPsnrY() {
        double sum = 0;
        for (ImageScore s : images) {
            sum += s.psnrY();
        }
        return sum / images.size();
    }

    public double meanSsimY() {
        double sum = 0;
        for (ImageScore s : images) {
            sum += s.ssimY();
        }
        return sum / images.size();
    }
}
