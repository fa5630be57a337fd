package io.srgan.core.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.DecodedImage;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ImageEncoder;
import io.srgan.core.data.ImageFolder;
import io.srgan.core.data.Quantizer;
import io.srgan.core.data.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java metrics and bicubic against the reference evaluator {@code shared/tools/sr_eval.py},
 * run as a subprocess. sr_eval prints per-image values with 3 (PSNR) and 4 (SSIM) decimals and
 * writes set means to JSON at full precision: per-image values must agree to the printed
 * precision, means to 1e-6 — far inside the 0.01 dB the protocol needs, because both sides
 * compute the same images and the same formulas.
 */
class SrEvalAgreementTest {
    private static final Pattern PER_IMAGE = Pattern.compile("^ {2}(\\S+)\\s+(?:<- \\S+\\s+)?(\\S+) dB {2}([0-9.]+).*$");
    private static final Pattern SUMMARY = Pattern.compile("^(\\S+)\\s+x(\\d+) {2}n=.*$");
    private static final double PRINTED_PSNR = 0.0005 + 1e-9;
    private static final double PRINTED_SSIM = 0.00005 + 1e-9;
    private static final double MEAN = 1e-6;

    private final ImageDecoder decoder = new ImageDecoder();

    @BeforeAll
    static void requirePython() throws Exception {
        SrEval.requirePython();
    }

    /** Bicubic baseline on Set5 and Set14 at x2, x3, x4: same scores, and the very same SR images. */
    @Test
    void bicubicBaselineAgreesAndSrImagesAreBitIdentical(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bicubic.json");
        Path srDir = tmp.resolve("sr");
        String stdout = SrEval.evaluate("bicubic", "--hr", SharedData.data("Set5").toString(), SharedData.data("Set14").toString(),
                "--scale", "2", "3", "4", "--per-image", "--json", json.toString(), "--save-sr", srDir.toString());
        Map<String, Map<String, double[]>> printed = parsePerImage(stdout);
        Map<String, double[]> means = parseMeans(json);
        assertEquals(6, means.size(), "set/scale summaries in " + json);

        for (String set : List.of("Set5", "Set14")) {
            for (int scale = 2; scale <= 4; scale++) {
                String key = set + " x" + scale;
                List<ImageScore> scores = new ArrayList<>();
                for (Path hrFile : ImageFolder.list(SharedData.data(set))) {
                    String file = hrFile.getFileName().toString();
                    FloatImage hr = decoder.decode(hrFile).colour();
                    FloatImage sr = BicubicBaseline.upscaled(hr, scale);
                    DecodedImage reference = decoder.decode(srDir.resolve(set).resolve("x" + scale).resolve(file));
                    assertArrayEquals(Quantizer.levels8(reference.colour()), Quantizer.levels8(sr), key + " " + file + " SR image");
                    ImageScore s = SrMetrics.score(file, sr, hr, scale);
                    scores.add(s);
                    double[] ref = printed.get(key).get(file);
                    assertNotNull(ref, key + " " + file + " missing in sr_eval output");
                    assertEquals(ref[0], s.psnrY(), PRINTED_PSNR, key + " " + file + " PSNR");
                    assertEquals(ref[1], s.ssimY(), PRINTED_SSIM, key + " " + file + " SSIM");
                }
                DatasetScore ds = new DatasetScore(scores);
                assertEquals(means.get(key)[0], ds.meanPsnrY(), MEAN, key + " mean PSNR");
                assertEquals(means.get(key)[1], ds.meanSsimY(), MEAN, key + " mean SSIM");
            }
        }
    }

    /**
     * SR outputs unlike the bicubic ones: noise of up to ±6 levels, a brightened block, 3 extra
     * columns to be cropped off, and for the gray 'bridge' an RGB output whose channels differ (the
     * gray-HR-vs-RGB-SR path).
     */
    @Test
    void perturbedOutputsScoreTheSame(@TempDir Path tmp) throws Exception {
        int scale = 4;
        for (String set : List.of("Set5", "Set14")) {
            Path srDir = Files.createDirectories(tmp.resolve(set));
            Map<String, ImageScore> ours = new LinkedHashMap<>();
            SplittableRandom random = new SplittableRandom(set.hashCode());
            for (Path hrFile : ImageFolder.list(SharedData.data(set))) {
                String file = hrFile.getFileName().toString();
                FloatImage hr = decoder.decode(hrFile).colour();
                FloatImage sr = perturbed(BicubicBaseline.upscaled(hr, scale), random);
                Path srFile = srDir.resolve(file);
                Files.write(srFile, ImageEncoder.png(sr, null, ColourMode.RGB, 8));
                ours.put(file, SrMetrics.score(file, decoder.decode(srFile).rgb(), hr, scale));
            }
            Path json = tmp.resolve(set + ".json");
            String stdout = SrEval.evaluate("score", "--hr", SharedData.data(set).toString(), "--sr", srDir.toString(),
                    "--scale", Integer.toString(scale), "--per-image", "--json", json.toString());
            Map<String, double[]> printed = parsePerImage(stdout).get(set + " x" + scale);
            assertEquals(ours.keySet(), printed.keySet(), "images scored by sr_eval");
            for (ImageScore s : ours.values()) {
                assertEquals(printed.get(s.name())[0], s.psnrY(), PRINTED_PSNR, set + " " + s.name() + " PSNR");
                assertEquals(printed.get(s.name())[1], s.ssimY(), PRINTED_SSIM, set + " " + s.name() + " SSIM");
            }
            DatasetScore ds = new DatasetScore(new ArrayList<>(ours.values()));
            double[] mean = parseMeans(json).get(set + " x" + scale);
            assertEquals(mean[0], ds.meanPsnrY(), MEAN, set + " mean PSNR");
            assertEquals(mean[1], ds.meanSsimY(), MEAN, set + " mean SSIM");
        }
    }

    /** RGB, 3 columns wider than {@code sr}, with noise and a brightened block. */
    private static FloatImage perturbed(FloatImage sr, SplittableRandom random) {
        int h = sr.height();
        int w = sr.width();
        FloatImage out = FloatImage.zeros(h, w + 3, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w + 3; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = x < w ? sr.get(y, x, sr.channels() == 1 ? 0 : c) : 0.5f;
                    int level = Quantizer.level(v, 255) + random.nextInt(13) - 6;
                    if (y < h / 3 && x < w / 3) {
                        level += 20;
                    }
                    out.set(y, x, c, Math.max(0, Math.min(255, level)) / 255f);
                }
            }
        }
        return out;
    }

    /** "Set x<s>" → file → {psnr, ssim} as printed by --per-image. */
    private static Map<String, Map<String, double[]>> parsePerImage(String stdout) {
        Map<String, Map<String, double[]>> result = new HashMap<>();
        Map<String, double[]> pending = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            Matcher m = PER_IMAGE.matcher(line);
            Matcher summary = SUMMARY.matcher(line);
            if (m.matches()) {
                pending.put(m.group(1), new double[]{Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            } else if (summary.matches()) {
                result.put(summary.group(1) + " x" + summary.group(2), pending);
                pending = new LinkedHashMap<>();
            }
        }
        assertTrue(pending.isEmpty() && !result.isEmpty(), "could not parse sr_eval output:\n" + stdout);
        return result;
    }

    /** "Set x<s>" → {mean psnr, mean ssim} from --json. */
    private static Map<String, double[]> parseMeans(Path json) throws IOException {
        Map<String, double[]> means = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(json.toFile())) {
            means.put(row.get("set").asText() + " x" + row.get("scale").asInt(),
                    new double[]{row.get("psnr").asDouble(), row.get("ssim").asDouble()});
        }
        return means;
    }
}
