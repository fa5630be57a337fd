package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.data.ColourMode;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.Quantizer;
import io.srgan.core.interop.ArchDetector;
import io.srgan.core.interop.ImportedGenerator;
import io.srgan.core.interop.SafetensorsWriter;
import io.srgan.core.interop.StateDictExport;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.upscale.TestPictures;
import io.srgan.spark.upscale.TinyModel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code srgan import} and {@code srgan export} as users type them, and the imported folder through
 * the real commands that take a model: upscale, evaluate, models import, export.
 */
@ExtendWith(LocalSpark.class)
class ImportExportCommandTest {
    private static final Path FIXTURE = Path.of("../core/src/test/resources/interop/rrdb_x2_unshuffle.pth");

    private record Run(int code, String out, String err) {}

    private static Run srgan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            int code = Srgan.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
            return new Run(code, printed.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void anImportedModelUpscalesEvaluatesGoesIntoTheStoreAndExportsBack(JavaSparkContext spark) throws Exception {
        Path dir = BuildDirs.newFolder("import-cli", "run-");
        Path model = dir.resolve("imported");
        Run imported = srgan("import", FIXTURE.toString(), "--output", model.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("detected:   ESRGAN RRDBNet, BasicSR/Real-ESRGAN names: 1 blocks, 8 channels, growth 4, x2"
                + " (pixel-unshuffle by 2, as Real-ESRGAN's x2)"), imported.out());
        assertTrue(imported.out().contains("generator.arch = rrdb, blocks = 1, channels = 8, growth = 4"), imported.out());

        Run again = srgan("import", FIXTURE.toString(), "--output", model.toString());
        assertEquals(ExitCodes.FAILED, again.code());
        assertTrue(again.err().contains(model + ": already holds a checkpoint; use --overwrite"), again.err());

        // upscale through the real job: the output is the imported generator's on the decoded image
        Path in = Files.write(Files.createDirectories(dir.resolve("in")).resolve("photo.png"), TestPictures.png(10, 14, ColourMode.RGB, 8, 4));
        Run up = srgan("upscale", "--model", model.toString(), "--input", in.toString(), "--output", dir.resolve("out").toString());
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().contains("rrdb 1x8 g4 ×2 (EMA weights)"), up.out());
        ImportedGenerator direct = ArchDetector.importFile(FIXTURE);
        Generator g = direct.build();
        ImageDecoder decoder = new ImageDecoder();
        var lr = decoder.decode(Files.newInputStream(in), "photo.png").rgb();
        var sr = decoder.decode(Files.newInputStream(dir.resolve("out/photo.png")), "out").rgb();
        assertEquals(20, sr.height());
        assertEquals(28, sr.width());
        float[] want;
        try (INDArray x = Nd4j.create(lr.data().clone(), new long[] {1, lr.height(), lr.width(), 3}, org.nd4j.linalg.api.buffer.DataType.FLOAT);
             INDArray y = g.upscale(x)) {
            want = y.dup('c').data().asFloat();
        }
        int worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(Quantizer.level(want[i], 255) - Math.round(sr.data()[i] * 255)));
        assertTrue(worst <= 1, "the upscaled image is the imported generator's output, to one 8-bit level; off by " + worst);

        Path hr = Files.createDirectories(dir.resolve("hr"));
        Files.write(hr.resolve("a.png"), TestPictures.png(24, 32, ColourMode.RGB, 8, 5));
        Run eval = srgan("evaluate", "--model", model.toString(), "--hr", hr.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("×2, 1 images"), eval.out());
        Run int8 = srgan("evaluate", "--model", model.toString(), "--hr", hr.toString(), "--precision", "int8");
        assertEquals(0, int8.code(), int8.err());
        assertTrue(int8.out().contains("int8 (calibrated on 1 crops"), int8.out()); // RRDB x2 reads 2x2 groups: the crop is aligned
        assertEquals(meanPsnr(eval.out()), meanPsnr(int8.out()), 0.1, "int8 scores within 0.1 dB of fp32");
        Run bf16 = srgan("evaluate", "--model", model.toString(), "--hr", hr.toString(), "--precision", "bf16");
        assertEquals(0, bf16.code(), bf16.err());
        assertEquals(Bf16Scope.unavailable() == null, bf16.out().contains(", bf16 convolutions"), bf16.out());
        assertEquals(meanPsnr(eval.out()), meanPsnr(bf16.out()), 0.02, "bf16 scores within 0.02 dB of fp32");

        Run stored = srgan("models", "import", "--store", dir.resolve("store").toString(), "--from", model.toString(), "--id", "realesrgan-x2");
        assertEquals(0, stored.code(), stored.err());
        try (ModelStore s = ModelStore.open(dir.resolve("store").toUri(), HadoopSettings.empty())) {
            assertEquals("realesrgan-x2", s.list().get(0).id());
        }

        Path pth = dir.resolve("back.pth");
        Run exported = srgan("export", "--model", model.toString(), "--output", pth.toString());
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().contains("state dict under 'params_ema'"), exported.out());
        assertTrue(exported.out().contains("RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, num_grow_ch=4, scale=2)"), exported.out());
        ImportedGenerator back = ArchDetector.importFile(pth);
        direct.tensors().forEach((name, t) -> assertArrayEquals(t.data(), back.tensors().get(name).data(), name));
    }

    private static float[] onnxRuntime(Path model, INDArray nchw) throws Exception {
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession session = env.createSession(model.toString());
             ai.onnxruntime.OnnxTensor in = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(nchw.data().asFloat()), nchw.shape());
             ai.onnxruntime.OrtSession.Result r = session.run(java.util.Map.of("lr", in))) {
            java.nio.FloatBuffer out = ((ai.onnxruntime.OnnxTensor) r.get("sr").orElseThrow()).getFloatBuffer();
            float[] a = new float[out.remaining()];
            out.get(a);
            return a;
        }
    }

    @Test
    void refusalsNameTheFileAndTheReason() throws Exception {
        Path dir = BuildDirs.newFolder("import-cli", "refused-");
        Path notes = Files.writeString(dir.resolve("notes.pth"), "hello");
        Run bad = srgan("import", notes.toString(), "--output", dir.resolve("m").toString());
        assertEquals(ExitCodes.FAILED, bad.code());
        assertTrue(bad.err().startsWith("srgan import: " + notes + ": neither a PyTorch"), bad.err());

        Path srresnet = dir.resolve("srresnet");
        TinyModel.write(org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()).getRawFileSystem(),
                new org.apache.hadoop.fs.Path(srresnet.toUri()), GeneratorConfig.srresnet(1, 4, 2), false);
        Run refused = srgan("export", "--model", srresnet.toString(), "--output", dir.resolve("s.pth").toString());
        assertEquals(ExitCodes.FAILED, refused.code());
        assertTrue(refused.err().contains("srresnet has no community PyTorch format"), refused.err());
        assertTrue(!Files.exists(dir.resolve("s.pth")), "nothing written");

        // what has no PyTorch counterpart still exports to ONNX, and ONNX Runtime computes the same upscale
        Path onnx = dir.resolve("s.onnx");
        Run asOnnx = srgan("export", "--model", srresnet.toString(), "--output", onnx.toString());
        assertEquals(0, asOnnx.code(), asOnnx.err());
        assertTrue(asOnnx.out().contains("onnx:     input 'lr' [batch, 3, height, width] -> output 'sr' [batch, 3, 2*height, 2*width]"), asOnnx.out());
        Generator srGen = TinyModel.generator(GeneratorConfig.srresnet(1, 4, 2), TinyModel.RAW_SEED);
        try (INDArray lr = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 5, 7, 3); INDArray want = srGen.upscale(lr)) {
            float[] got = onnxRuntime(onnx, lr.permute(0, 3, 1, 2).dup('c'));
            float[] w = want.permute(0, 3, 1, 2).dup('c').data().asFloat();
            double worst = 0;
            for (int i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i] - got[i]));
            assertTrue(worst < 1e-4, "ONNX Runtime vs the project: max |diff| " + worst);
        }
        Run exists = srgan("export", "--model", srresnet.toString(), "--output", onnx.toString());
        assertEquals(ExitCodes.FAILED, exists.code());
        assertTrue(exists.err().contains(onnx + ": already exists; use --overwrite"), exists.err());

        Run noFormat = srgan("export", "--model", srresnet.toString(), "--output", dir.resolve("s.bin").toString());
        assertEquals(ExitCodes.USAGE, noFormat.code());
        assertTrue(noFormat.err().contains("--format is needed"), noFormat.err());

        // a safetensors file of an msrresnet imports too (the other architecture and format)
        Generator msr = TinyModel.generator(GeneratorConfig.msrresnet(1, 4, 3), 3);
        Path st = dir.resolve("msr.safetensors");
        try (OutputStream out = Files.newOutputStream(st)) {
            SafetensorsWriter.write(StateDictExport.of(msr, "msr"), out);
        }
        Run ok = srgan("import", st.toString(), "--output", dir.resolve("msr").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("BasicSR MSRResNet: 1 blocks, 4 channels, x3"), ok.out());
    }

    private static double meanPsnr(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^mean\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }
}
