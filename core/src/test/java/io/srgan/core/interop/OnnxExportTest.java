package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Param;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ONNX Runtime 1.20 (an independent engine) runs every exported generator — each arch, upsampler
 * and scale — and matches this project's own output within 1e-4, at two input sizes and batch
 * sizes through one session (the axes are dynamic). Weights, biases, slopes and BatchNorm
 * statistics are randomised first so that no layer passes by being zero or one. And a model imported
 * from PyTorch computes in ONNX Runtime what PyTorch computed.
 */
class OnnxExportTest {
    static Stream<GeneratorConfig> configs() {
        return Stream.of(
                GeneratorConfig.msrresnet(2, 8, 2), GeneratorConfig.msrresnet(2, 8, 3), GeneratorConfig.msrresnet(2, 8, 4),
                GeneratorConfig.msrresnet(1, 8, 8),
                new GeneratorConfig("msrresnet", 1, 8, 4, "transposed"), new GeneratorConfig("msrresnet", 1, 8, 3, "nearest"),
                GeneratorConfig.srresnet(2, 8, 4), new GeneratorConfig("srresnet", 1, 8, 2, "transposed"),
                new GeneratorConfig("srresnet", 1, 8, 4, "nearest"),
                GeneratorConfig.rrdb(2, 8, 4, 4), GeneratorConfig.rrdb(1, 8, 4, 2), GeneratorConfig.rrdb(1, 8, 4, 8),
                GeneratorConfig.rrdb(1, 8, 4, 1),
                GeneratorConfig.srvgg(3, 8, 4), GeneratorConfig.srvgg(2, 8, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void onnxRuntimeMatchesTheProjectsOutput(GeneratorConfig config) throws Exception {
        Generator g = Generators.build(config, new Init(7, DataType.FLOAT));
        randomise(g, new Random(config.hashCode()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OnnxExport.write(g, "test", "0-test", bytes);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(bytes.toByteArray(), options)) {
                Map<String, String> meta = session.getMetadata().getCustomMetadata();
                assertEquals(config.arch(), meta.get("arch"));
                assertEquals(Integer.toString(config.scale()), meta.get("scale"));
                int a = config.inputAlignment();
                int[][] shapes = {{1, 10 * a, 14 * a}, {2, 7 * a, 9 * a}};
                for (int[] s : shapes) {
                    INDArray lr = Nd4j.rand(DataType.FLOAT, s[0], s[1], s[2], 3);
                    INDArray want = g.upscale(lr).permute(0, 3, 1, 2).dup('c'); // NHWC → NCHW
                    float[] got = run(env, session, lr.permute(0, 3, 1, 2).dup('c'));
                    assertEquals(want.length(), got.length, "output size");
                    float[] w = want.data().asFloat();
                    double scaleOfOutput = 1, worst = 0;
                    for (float v : w) scaleOfOutput = Math.max(scaleOfOutput, Math.abs(v));
                    for (int i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i] - got[i]));
                    assertTrue(worst <= 1e-4 * scaleOfOutput,
                            config.size() + " x" + config.scale() + " at " + s[1] + "x" + s[2] + ": max |diff| " + worst + " (outputs up to " + scaleOfOutput + ")");
                }
            }
        }
    }

    static Stream<Arguments> pytorchFixtures() {
        return Stream.of(Arguments.of("rrdb_x4_basicsr.pth", "out_rrdb_x4.npy"), Arguments.of("rrdb_x2_unshuffle.pth", "out_rrdb_x2.npy"),
                Arguments.of("rrdb_x1_unshuffle.safetensors", "out_rrdb_x1.npy"),
                Arguments.of("msrresnet_x4_module.pth", "out_msrresnet_x4.npy"), Arguments.of("msrresnet_x3_bf16.safetensors", "out_msrresnet_x3_bf16.npy"),
                Arguments.of("srvgg_x4_params.pth", "out_srvgg_x4.npy"));
    }

    /** An imported PyTorch model, exported to ONNX, computes in ONNX Runtime what PyTorch computed (make_fixtures.py). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pytorchFixtures")
    void anImportedModelsOnnxGraphMatchesPyTorch(String file, String output) throws Exception {
        ImportedGenerator imported = ArchDetector.importFile(InteropFixtures.file(file));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OnnxExport.write(imported.build(), file, "0-test", bytes);
        INDArray input = Nd4j.createFromNpyFile(InteropFixtures.file("input.npy").toFile()).castTo(DataType.FLOAT);
        int a = imported.config().inputAlignment(); // the x2 (x1) reference is for the top-left 10x12 (8x12), make_fixtures.py
        if (a > 1) input = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, a == 2 ? 10 : 8), NDArrayIndex.interval(0, 12)).dup('c');
        float[] want = Nd4j.createFromNpyFile(InteropFixtures.file(output).toFile()).castTo(DataType.FLOAT).data().asFloat();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(bytes.toByteArray(), options)) {
            float[] got = run(env, session, input);
            assertEquals(want.length, got.length);
            double worst = 0;
            for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
            assertTrue(worst <= 1e-4, file + ": max |ONNX Runtime − PyTorch| = " + worst);
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, INDArray nchw) throws Exception {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw.data().asFloat()), nchw.shape());
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
            OnnxTensor out = (OnnxTensor) r.get(OnnxExport.OUTPUT).orElseThrow();
            long[] shape = out.getInfo().getShape();
            assertArrayEquals(new long[] {nchw.size(0), 3, shape[2], shape[3]}, shape);
            FloatBuffer fb = out.getFloatBuffer();
            float[] a = new float[fb.remaining()];
            fb.get(a);
            return a;
        }
    }

    /** Every parameter moved off its initial value; variances kept positive. */
    private static void randomise(Generator g, Random rnd) {
        for (Map.Entry<String, Param> e : g.params().entrySet()) {
            INDArray v = e.getValue().value();
            float[] d = v.data().asFloat();
            boolean variance = e.getKey().endsWith("running_var");
            for (int i = 0; i < d.length; i++) {
                double noise = 0.05 * rnd.nextGaussian();
                d[i] = variance ? (float) (0.5 + rnd.nextDouble()) : (float) (d[i] + noise);
            }
            v.assign(Nd4j.create(d, v.shape(), v.dataType()));
        }
    }
}
