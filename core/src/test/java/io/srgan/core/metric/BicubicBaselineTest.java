package io.srgan.core.metric;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bicubic figures every SR paper prints (EDSR/RCAN tables, MATLAB evaluation, gray Y direct). */
class BicubicBaselineTest {
    @ParameterizedTest(name = "{0} x{1}: {2} dB / {3}")
    @CsvSource({
            "Set5, 4, 28.42, 0.8104, 5",
            "Set5, 2, 33.66, 0.9299, 5",
            "Set14, 4, 26.00, 0.7027, 14",
    })
    void matchesPublishedBicubicFigures(String set, int scale, double psnr, double ssim, int images) throws IOException {
        DatasetScore score = BicubicBaseline.run(SharedData.data(set), scale, GrayPolicy.DIRECT, new ImageDecoder());
        assertEquals(images, score.size());
        assertEquals(psnr, score.meanPsnrY(), 0.02, "PSNR-Y");
        assertEquals(ssim, score.meanSsimY(), 0.001, "SSIM-Y");
    }

    /** Treating the gray 'bridge' as R = G = B raises Set14 (the PyTorch-code figure in SOURCES.md). */
    @Test
    void replicatedGrayGivesThePyTorchFigure() throws IOException {
        DatasetScore score = BicubicBaseline.run(SharedData.data("Set14"), 4, GrayPolicy.REPLICATE, new ImageDecoder());
        assertEquals(26.088, score.meanPsnrY(), 0.0005);
    }
}
