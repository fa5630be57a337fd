package io.srgan.core.metric;

import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ModCrop;

/**
 * PSNR and SSIM of a super-resolved image against its ground truth, by the protocol of the SR
 * papers (EDSR, RCAN, SwinIR; {@code shared/tools/sr_eval.py}):
 * <ol>
 *   <li>HR is cropped to a multiple of the scale (top-left kept); SR must be at least that size and
 *       is cropped to it;</li>
 *   <li>both are quantised to 8 bits (round half up) <em>before</em> anything else — SR outputs are
 *       scored as the 8-bit images that would be saved, so a float output scores as its PNG would;</li>
 *   <li>Y of BT.601 on 0–255 ({@link ColorConvert}; gray images per {@link GrayPolicy});</li>
 *   <li>{@code scale} pixels shaved from every border;</li>
 *   <li>{@link Psnr} and {@link Ssim} on what is left.</li>
 * </ol>
 * Images are {@link FloatImage}s in [0, 1] with 3 channels (RGB) or 1 (gray).
 */
public final class SrMetrics {
    private SrMetrics() {}

    /** Scores with {@link GrayPolicy#DIRECT}, the setting of the published tables. */
    public static ImageScore score(String name, FloatImage sr, FloatImage hr, int scale) {
        return score(name, sr, hr, scale, GrayPolicy.DIRECT);
    }

    public static ImageScore score(String name, FloatImage sr, FloatImage hr, int scale, GrayPolicy gray) {
        FloatImage hrCropped = ModCrop.toMultiple(hr, scale);
        int h = hrCropped.height();
        int w = hrCropped.width();
        if (sr.height() < h || sr.width() < w) {
            throw new IllegalArgumentException(name + ": SR " + sr.height() + "x" + sr.width()
                    + " is smaller than the HR cropped to a multiple of " + scale + " (" + h + "x" + w + ")");
        }
        FloatImage srCropped = sr.height() == h && sr.width() == w ? sr : sr.crop(0, 0, h, w);
        YPlane yHr = hrY(hrCropped, gray).shave(scale);
        YPlane ySr = srY(hrCropped, srCropped, gray).shave(scale);
        return new ImageScore(name, Psnr.of(ySr, yHr), Ssim.of(ySr, yHr));
    }

    private static YPlane hrY(FloatImage hr, GrayPolicy gray) {
        checkChannels(hr, "HR");
        if (hr.channels() == 3) {
            return ColorConvert.rgbToY(hr, true);
        }
        return gray == GrayPolicy.DIRECT ? ColorConvert.grayToY(hr, true) : ColorConvert.grayToYReplicated(hr, true);
    }

    private static YPlane srY(FloatImage hr, FloatImage sr, GrayPolicy gray) {
        checkChannels(sr, "SR");
        if (hr.channels() == 3) {
            // a gray output for an RGB ground truth is R = G = B whatever the policy
            return sr.channels() == 3 ? ColorConvert.rgbToY(sr, true) : ColorConvert.grayToYReplicated(sr, true);
        }
        if (gray == GrayPolicy.REPLICATE) {
            return sr.channels() == 3 ? ColorConvert.rgbToY(sr, true) : ColorConvert.grayToYReplicated(sr, true);
        }
        return sr.channels() == 3 ? ColorConvert.rgbToFullRangeLuma(sr, true) : ColorConvert.grayToY(sr, true);
    }

    private static void checkChannels(FloatImage image, String role) {
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException(role + " must have 1 (gray) or 3 (RGB) channels, got " + image.channels());
        }
    }
}
