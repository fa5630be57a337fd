package io.srgan.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.FloatImage;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.core.nn.Init;
import io.srgan.core.util.CappedCpuJvm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code --precision bf16}: a tiled upscale with bf16 convolutions agrees with fp32's within bf16's
 * rounding, and where the CPU lacks AVX512_BF16 (a JVM whose oneDNN is capped below it) the model
 * runs in fp32 with one warning, never failing.
 */
class Bf16ModelTest {
    static final String FALLBACK_WARNING = "--precision bf16: running fp32 instead";

    private static Generator generator() {
        return Generators.build(GeneratorConfig.msrresnet(2, 16, 4), new Init(5, DataType.FLOAT));
    }

    @Test
    void aBf16UpscaleAgreesWithFp32() {
        assumeTrue(Bf16Scope.unavailable() == null, "bf16 unavailable here: " + Bf16Scope.unavailable());
        Generator g = generator();
        FloatImage lr = TestImages.noise(37, 45, 3, 8);
        SrModel bf16 = Bf16Model.of(g);
        assertTrue(bf16 instanceof Bf16Model);
        try (TiledUpscaler fp32Run = new TiledUpscaler(g, new TilingConfig(24, 8, 2));
             TiledUpscaler bf16Run = new TiledUpscaler(bf16, new TilingConfig(24, 8, 2))) {
            double psnr = psnr(fp32Run.upscale(lr), bf16Run.upscale(lr));
            assertTrue(psnr >= 45 && psnr < 100, "bf16 output is " + psnr + " dB from fp32's (45 to 100 expected: close, yet rounded)");
        }
    }

    @Test
    void withBf16UnavailableTheModelItselfRuns() {
        Generator g = generator();
        assertSame(g, Bf16Model.of(g, "this CPU has no AVX512_BF16"));
    }

    @Test
    void aCpuWithoutBf16RunsFp32WithOneWarning(@TempDir Path dir) throws Exception {
        String warnings = "-Dorg.apache.logging.log4j.level=WARN"; // log4j's default configuration prints errors only
        // AVX512_CORE: oneDNN then reports no bf16 instructions
        String out = CappedCpuJvm.run(Child.class, "AVX512_CORE", "512m", List.of(warnings), dir);
        assertTrue(out.contains("RESULT fallback=true same=true"), out);
        assertEquals(1, out.split(Pattern.quote(FALLBACK_WARNING), -1).length - 1, "one warning: " + out);
    }

    /** The child of {@link #aCpuWithoutBf16RunsFp32WithOneWarning}: two bf16 models, both fp32, one warning. */
    public static final class Child {
        public static void main(String[] args) {
            Generator g = generator();
            FloatImage lr = TestImages.noise(20, 22, 3, 1);
            boolean fallback = true, same = true;
            try (TiledUpscaler fp32Run = new TiledUpscaler(g, new TilingConfig(24, 8, 1))) {
                float[] expected = fp32Run.upscale(lr).data();
                for (int i = 0; i < 2; i++) {
                    SrModel m = Bf16Model.of(g);
                    fallback &= m == g;
                    try (TiledUpscaler run = new TiledUpscaler(m, new TilingConfig(24, 8, 1))) {
                        same &= Arrays.equals(expected, run.upscale(lr).data());
                    }
                }
            }
            System.out.println("RESULT fallback=" + fallback + " same=" + same);
        }
    }

    private static double psnr(FloatImage a, FloatImage b) {
        float[] x = a.data(), y = b.data();
        double se = 0;
        for (int i = 0; i < x.length; i++) se += (x[i] - y[i]) * (double) (x[i] - y[i]);
        return 10 * Math.log10(x.length / Math.max(se, 1e-30));
    }
}
