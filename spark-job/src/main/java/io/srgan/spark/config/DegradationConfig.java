package io.srgan.spark.config;

import com.typesafe.config.Config;
import io.srgan.core.degrade.DegradationSettings;
import io.srgan.core.degrade.DegradationSettings.Blur;
import io.srgan.core.degrade.DegradationSettings.Noise;
import io.srgan.core.degrade.DegradationSettings.Range;
import io.srgan.core.degrade.DegradationSettings.Resize;
import io.srgan.core.degrade.DegradationSettings.Stage;
import io.srgan.core.degrade.KernelShape;
import io.srgan.core.degrade.UnsharpMask;
import io.srgan.core.train.SharpenedTargets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code degradation} block: Real-ESRGAN's options under their names ({@code blur_sigma} →
 * {@code blur-sigma}, {@code resize_prob} → {@code resize-prob}, ...), one block per order plus the
 * final step. The constants Real-ESRGAN hard-codes (rotation range, sinc cutoffs, resize modes) come
 * from {@link DegradationSettings#realEsrgan(int)}.
 */
final class DegradationConfig {
    private DegradationConfig() {}

    /** The settings, or null when {@code degradation.enabled} is false. */
    static DegradationSettings read(Config c, int scale) {
        if (!c.getBoolean("degradation.enabled")) return null;
        DegradationSettings base = DegradationSettings.realEsrgan(scale);
        try {
            Stage first = stage(c.getConfig("degradation.first"), base.first(), "srgan.degradation.first");
            Stage second = stage(c.getConfig("degradation.second"), base.second(), "srgan.degradation.second");
            Config f = c.getConfig("degradation.final");
            DegradationSettings.FinalStep last = new DegradationSettings.FinalStep(f.getDouble("resize-first-prob"),
                    base.last().modes(), f.getDouble("sinc-prob"), base.last().minKernelSize(), base.last().maxKernelSize(),
                    base.last().sincCutoff());
            String pad = c.getString("degradation.crop-pad-size");
            int cropPad;
            try {
                cropPad = pad.equals("auto") ? DegradationSettings.AUTO_CROP_PAD : Integer.parseInt(pad);
            } catch (NumberFormatException e) {
                throw new ConfigException("srgan.degradation.crop-pad-size must be auto or HR pixels, got '" + pad + "'");
            }
            if (cropPad <= 0 && !pad.equals("auto")) {
                throw new ConfigException("srgan.degradation.crop-pad-size must be auto or a positive number of HR pixels, got " + cropPad);
            }
            Config u = c.getConfig("degradation.usm");
            UnsharpMask usm = u.getBoolean("enabled")
                    ? new UnsharpMask(u.getDouble("weight"), u.getInt("radius"), u.getDouble("threshold")) : null;
            return new DegradationSettings(scale, first, second, last, cropPad, usm);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("srgan.degradation: " + e.getMessage(), e);
        }
    }

    /** Which losses compare with the sharpened HR ({@code degradation.usm.pixel/perceptual/gan}). */
    static SharpenedTargets sharpenedTargets(Config c) {
        Config u = c.getConfig("degradation.usm");
        return new SharpenedTargets(u.getBoolean("pixel"), u.getBoolean("perceptual"), u.getBoolean("gan"));
    }

    private static Stage stage(Config s, Stage base, String path) {
        List<Integer> size = s.getIntList("kernel-size");
        if (size.size() != 2) throw new ConfigException(path + ".kernel-size must be [min, max], got " + size);
        Map<KernelShape, Double> probs = new EnumMap<>(KernelShape.class);
        Config kp = s.getConfig("kernel-probs");
        for (KernelShape shape : KernelShape.values()) {
            String key = io.srgan.core.util.SettingNames.of(shape);
            probs.put(shape, kp.getDouble(key));
        }
        Blur blur = new Blur(size.get(0), size.get(1), probs, range(s, "blur-sigma", path), base.blur().rotation(),
                range(s, "betag-range", path), range(s, "betap-range", path), s.getDouble("sinc-prob"), base.blur().sincLargeFrom(),
                base.blur().sincCutoffSmall(), base.blur().sincCutoffLarge());
        List<Double> rp = s.getDoubleList("resize-prob");
        if (rp.size() != 3) throw new ConfigException(path + ".resize-prob must be [up, down, keep], got " + rp);
        Resize resize = new Resize(rp.get(0), rp.get(1), rp.get(2), range(s, "resize-range", path), base.resize().modes());
        Noise noise = new Noise(s.getDouble("gaussian-noise-prob"), range(s, "noise-range", path),
                range(s, "poisson-scale-range", path), s.getDouble("gray-noise-prob"));
        return new Stage(s.getDouble("blur-prob"), blur, resize, noise, range(s, "jpeg-range", path));
    }

    private static Range range(Config s, String key, String path) {
        List<Double> v = s.getDoubleList(key);
        if (v.size() != 2) throw new ConfigException(path + "." + key + " must be [min, max], got " + v);
        try {
            return new Range(v.get(0), v.get(1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + "." + key + ": " + e.getMessage(), e);
        }
    }
}
