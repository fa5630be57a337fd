package io.srgan.core.inference.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.data.FloatImage;
import io.srgan.core.inference.TiledUpscaler;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.nn.Init;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * int8 inference through ONNX Runtime: the quantised convolutions run as integer kernels, the output
 * stays close to fp32 relative to what the network adds to its skip path, tiles reproduce the whole
 * image, and a model too far from fp32 is refused.
 */
class Int8QuantizationTest {
    private static final GeneratorConfig CONFIG = new GeneratorConfig("msrresnet", 3, 16, 4, "subpixel");

    /** A photo-like test image: smooth shading, edges and a little texture, in [0, 1]. */
    static FloatImage scene(int h, int w, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double fx = 0.05 + 0.1 * r.nextDouble(), fy = 0.05 + 0.1 * r.nextDouble();
        FloatImage img = FloatImage.zeros(h, w, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.25 * Math.sin(fx * x + c) * Math.cos(fy * y) + ((x / 9 + y / 13) % 2 == 0 ? 0.15 : -0.15)
                            + 0.03 * r.nextGaussian();
                    img.set(y, x, c, (float) Math.min(1, Math.max(0, v)));
                }
            }
        }
        return img;
    }

    private static Generator generator() {
        return Generators.build(CONFIG, new Init(11, DataType.FLOAT));
    }

    private static List<FloatImage> calibration() {
        return CalibrationTiles.of(List.of(scene(96, 96, 1), scene(80, 120, 2)), 1, 0);
    }

    @Test
    void everyQuantisedConvolutionRunsAsAnIntegerKernel(@TempDir Path dir) throws Exception {
        Generator g = generator();
        Int8Model int8 = Int8Quantization.quantize(g, calibration(), 1, "test", "0-test");
        long convs = OnnxExport.model(g, "test", "0-test").getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
        Path optimised = dir.resolve("optimised.onnx");
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            o.setOptimizedModelFilePath(optimised.toString());
            OrtEnvironment.getEnvironment().createSession(int8.onnx(), o).close();
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(optimised)).getGraph().getNodeList()) ops.merge(n.getOpType(), 1, Integer::sum);
        assertEquals((int) convs - 2, ops.getOrDefault("QLinearConv", 0), "integer convolutions in " + ops);
        // ONNX Runtime fuses a float convolution with its activation (FusedConv)
        assertEquals(2, ops.getOrDefault("Conv", 0) + ops.getOrDefault("FusedConv", 0), "float convolutions (first and last) in " + ops);
        assertEquals(0, ops.getOrDefault("DepthToSpace", 0), "the pixel shuffles move uint8 in NHWC, not floats: " + ops);
    }

    static List<GeneratorConfig> configs() {
        return List.of(CONFIG, new GeneratorConfig("msrresnet", 2, 16, 3, "subpixel"), GeneratorConfig.rrdb(2, 16, 8, 2),
                GeneratorConfig.srvgg(4, 16, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void int8OutputStaysCloseToFp32(GeneratorConfig config) throws Exception {
        Generator g = Generators.build(config, new Init(11, DataType.FLOAT));
        List<FloatImage> calibration = CalibrationTiles.of(List.of(scene(96, 96, 1), scene(80, 120, 2)), config.inputAlignment(), 0);
        Int8Model int8 = Int8Quantization.quantize(g, calibration, 1, "test", "0-test");
        assertTrue(int8.psnrAgainstFp32() >= Int8Quantization.MIN_PSNR_DB, int8.describe());
        FloatImage lr = scene(40, 56, 3); // not a calibration image
        INDArray x = Nd4j.create(lr.data(), new long[] {1, 40, 56, 3}, DataType.FLOAT);
        INDArray fp32 = g.upscale(x);
        INDArray q;
        try (OrtSrModel model = new OrtSrModel(int8.onnx(), config.scale(), g.receptiveFieldRadius(), config.inputAlignment(), 1)) {
            q = model.upscale(x);
        }
        // what the network adds to its skip path (RRDB: its whole output): the same generator with its last convolution zeroed
        List<NodeProto> convs = OnnxExport.model(g, "test", "0-test").getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv")).toList();
        String last = convs.get(convs.size() - 1).getInput(1);
        g.params().get(last).value().assign(0);
        g.params().get(last.replace(".weight", ".bias")).value().assign(0);
        INDArray skipOnly = g.upscale(x);
        double added = rms(fp32.sub(skipOnly));
        double error = rms(q.sub(fp32));
        assertTrue(added > 0.02, "the network adds little to the skip (" + added + "): the comparison would not discriminate");
        assertTrue(error < 0.03 * added, "int8 error " + error + " against the network's own contribution " + added);
    }

    @Test
    void tiledInt8EqualsWholeImageInt8() {
        Generator g = generator();
        Int8Model int8 = Int8Quantization.quantize(g, calibration(), 1, "test", "0-test");
        FloatImage lr = scene(70, 90, 4);
        try (OrtSrModel model = new OrtSrModel(int8.onnx(), 4, g.receptiveFieldRadius(), 1, 1);
             INDArray whole = model.upscale(Nd4j.create(lr.data(), new long[] {1, 70, 90, 3}, DataType.FLOAT))) {
            FloatImage tiled;
            try (TiledUpscaler upscaler = TiledUpscaler.exact(model, 2 * g.receptiveFieldRadius() + 8)) {
                tiled = upscaler.upscale(lr);
            }
            float[] w = whole.data().asFloat(), t = tiled.data();
            double max = 0;
            for (int i = 0; i < w.length; i++) max = Math.max(max, Math.abs(Math.min(1, Math.max(0, w[i])) - t[i]));
            assertTrue(max <= 1e-4, "tiled int8 differs from whole-image int8 by " + max);
        }
    }

    @Test
    void aModelTooFarFromFp32IsRefusedNamingTheFigure() {
        IllegalStateException e = assertThrows(Int8Quantization.TooLossyException.class,
                () -> Int8Quantization.quantize(generator(), calibration(), 1, "run-x", "0-test", 200));
        assertTrue(e.getMessage().contains("run-x") && e.getMessage().contains("dB PSNR from fp32") && e.getMessage().contains("--precision fp32"),
                e.getMessage());
    }

    private static double rms(INDArray d) {
        return Math.sqrt(d.mul(d).meanNumber().doubleValue());
    }
}
