package io.srgan.core.bench;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.srgan.core.arch.Generator;
import io.srgan.core.checkpoint.Checkpoints;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.ImageDecoder;
import io.srgan.core.data.ModCrop;
import io.srgan.core.inference.Bf16Model;
import io.srgan.core.inference.SrModel;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.inference.ort.OrtSrModel;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.metric.SrMetrics;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.core.nn.Mode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bf16 and int8 against fp32 for one trained generator (issue 15): quality on Set5 / Set14 (PSNR-Y
 * against HR for each, and PSNR of each reduced-precision output against the fp32 one) and speed at a
 * few LR sizes — this project's fp32 (ND4J), its bf16 ({@link Bf16Model}), the same graph in ONNX
 * Runtime fp32, and its int8 form in ONNX Runtime, in interleaved rounds, medians. int8 is calibrated
 * on crops of images that are not in the test sets. Prints tables, writes JSON with {@code --json}.
 * Not a test.
 */
@Command(name = "reduced-precision-benchmark", mixinStandardHelpOptions = true)
public final class ReducedPrecisionBenchmark implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "checkpoint folder") Path model;
    @Option(names = "--data", required = true, description = "folder with Set5/, Set14/ and LR_bicubic/<set>/x<scale>/") Path data;
    @Option(names = "--sets", defaultValue = "Set5,Set14", split = ",") List<String> sets;
    @Option(names = "--calibration", required = true, description = "folder of images to calibrate on (8 are used)") Path calibration;
    @Option(names = "--sizes", defaultValue = "128,256", split = ",") int[] sizes;
    @Option(names = "--runs", defaultValue = "5") int runs;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--json") Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReducedPrecisionBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Generator g = Checkpoints.loadGenerator(model, true);
        SrModel bf16 = Bf16Model.of(g);
        if (bf16 == g) throw new IllegalStateException("bf16 is not available on this machine: " + Bf16Scope.unavailable());
        int scale = g.scale();
        List<FloatImage> calib = new ArrayList<>();
        try (Stream<Path> s = Files.list(calibration)) {
            for (Path p : s.sorted().limit(8).toList()) calib.add(new ImageDecoder().decode(p).rgb());
        }
        long t0 = System.nanoTime();
        Int8Model int8 = Int8Quantization.quantize(g, CalibrationTiles.of(calib, g.config().inputAlignment(), 0), threads, model.toString(), "bench");
        double calibrationSeconds = (System.nanoTime() - t0) / 1e9;
        ByteArrayOutputStream fp32Onnx = new ByteArrayOutputStream();
        OnnxExport.write(g, model.toString(), "bench", fp32Onnx);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode report = mapper.createObjectNode().put("model", model.toString()).put("generator", g.config().size() + " x" + scale)
                .put("calibration_crops", int8.tiles()).put("calibration_psnr_vs_fp32", int8.psnrAgainstFp32())
                .put("calibration_seconds", calibrationSeconds).put("threads", threads);
        System.out.printf(Locale.ROOT, "%s (%s x%d): int8 calibrated on %d crops in %.1f s, %.2f dB against fp32 there%n", model,
                g.config().size(), scale, int8.tiles(), calibrationSeconds, int8.psnrAgainstFp32());
        try (OrtSrModel q = new OrtSrModel(int8.onnx(), scale, g.receptiveFieldRadius(), g.inputAlignment(), threads);
             OrtSrModel f = new OrtSrModel(fp32Onnx.toByteArray(), scale, g.receptiveFieldRadius(), g.inputAlignment(), threads)) {
            ArrayNode quality = report.putArray("quality");
            System.out.printf("%-6s %12s %12s %10s %14s %12s %10s %14s%n", "set", "fp32 PSNR-Y", "bf16 PSNR-Y", "loss dB", "bf16 vs fp32",
                    "int8 PSNR-Y", "loss dB", "int8 vs fp32");
            for (String set : sets) quality.add(quality(set, g, bf16, q, scale, mapper));
            ArrayNode speed = report.putArray("speed");
            System.out.printf("%-8s %14s %14s %14s %14s %12s %12s %12s%n", "LR size", "fp32 ND4J ms", "bf16 ND4J ms", "fp32 ORT ms", "int8 ORT ms",
                    "bf16/ND4J", "int8/ND4J", "int8/ORT32");
            for (int s : sizes) speed.add(speed(s, g, bf16, f, q, mapper));
        }
        if (json != null) Files.write(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        return 0;
    }

    private ObjectNode quality(String set, Generator g, SrModel bf16, OrtSrModel q, int scale, ObjectMapper mapper) throws Exception {
        double fp = 0, b16 = 0, in8 = 0, vsB16 = 0, vsIn8 = 0;
        int n = 0;
        try (Stream<Path> files = Files.list(data.resolve(set))) {
            for (Path hrPath : files.sorted().toList()) {
                FloatImage hr = ModCrop.toMultiple(new ImageDecoder().decode(hrPath).rgb(), scale);
                Path lrPath = data.resolve("LR_bicubic").resolve(set).resolve("x" + scale).resolve(hrPath.getFileName());
                FloatImage lr = new ImageDecoder().decode(lrPath).rgb();
                FloatImage a = run(lr, x -> g.forward(x, Mode.INFER));
                FloatImage b = run(lr, bf16::upscale);
                FloatImage c = run(lr, q::upscale);
                fp += SrMetrics.score(set, a, hr, scale).psnrY();
                b16 += SrMetrics.score(set, b, hr, scale).psnrY();
                in8 += SrMetrics.score(set, c, hr, scale).psnrY();
                vsB16 += rgbPsnr(a, b);
                vsIn8 += rgbPsnr(a, c);
                n++;
            }
        }
        fp /= n;
        b16 /= n;
        in8 /= n;
        vsB16 /= n;
        vsIn8 /= n;
        System.out.printf(Locale.ROOT, "%-6s %12.3f %12.3f %10.3f %14.2f %12.3f %10.3f %14.2f%n", set, fp, b16, fp - b16, vsB16, in8, fp - in8, vsIn8);
        return mapper.createObjectNode().put("set", set).put("images", n).put("fp32_psnr_y", fp)
                .put("bf16_psnr_y", b16).put("bf16_loss_db", fp - b16).put("bf16_vs_fp32_psnr", vsB16)
                .put("int8_psnr_y", in8).put("loss_db", fp - in8).put("int8_vs_fp32_psnr", vsIn8);
    }

    private ObjectNode speed(int s, Generator g, SrModel bf16, OrtSrModel f, OrtSrModel q, ObjectMapper mapper) throws OrtException {
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, s, s, 3);
        List<Double> nd4j = new ArrayList<>(), b16 = new ArrayList<>(), ort = new ArrayList<>(), int8 = new ArrayList<>();
        for (int i = 0; i <= runs; i++) { // round 0 warms up
            time(i, nd4j, () -> g.forward(x, Mode.INFER));
            time(i, b16, () -> bf16.upscale(x));
            time(i, ort, () -> f.upscale(x));
            time(i, int8, () -> q.upscale(x));
        }
        double a = StepBenchmark.median(nd4j), bb = StepBenchmark.median(b16), b = StepBenchmark.median(ort), c = StepBenchmark.median(int8);
        double mp = (double) s * g.scale() * s * g.scale() / 1e6;
        System.out.printf(Locale.ROOT, "%-8s %14.0f %14.0f %14.0f %14.0f %11.2fx %11.2fx %11.2fx%n", s + "²", a, bb, b, c, a / bb, a / c, b / c);
        return mapper.createObjectNode().put("lr_size", s).put("runs", runs).put("fp32_nd4j_ms", a).put("bf16_nd4j_ms", bb)
                .put("fp32_ort_ms", b).put("int8_ort_ms", c)
                .put("fp32_nd4j_out_mp_per_s", mp / (a / 1e3)).put("bf16_out_mp_per_s", mp / (bb / 1e3)).put("int8_out_mp_per_s", mp / (c / 1e3))
                .put("bf16_speedup_vs_nd4j", a / bb).put("int8_speedup_vs_nd4j", a / c).put("int8_speedup_vs_ort_fp32", b / c);
    }

    private static void time(int round, List<Double> into, java.util.function.Supplier<INDArray> call) {
        long t0 = System.nanoTime();
        INDArray y = call.get();
        double ms = (System.nanoTime() - t0) / 1e6;
        y.close();
        System.gc(); // as StepBenchmark: native buffers released between calls
        if (round > 0) into.add(ms);
    }

    private static FloatImage run(FloatImage lr, java.util.function.Function<INDArray, INDArray> model) {
        try (INDArray x = Nd4j.create(lr.data(), new long[] {1, lr.height(), lr.width(), 3}, DataType.FLOAT); INDArray y = model.apply(x)) {
            float[] v = y.data().asFloat();
            for (int i = 0; i < v.length; i++) v[i] = Math.min(1f, Math.max(0f, v[i]));
            return new FloatImage((int) y.size(1), (int) y.size(2), 3, v);
        }
    }

    private static double rgbPsnr(FloatImage a, FloatImage b) {
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = Math.round(a.data()[i] * 255) - Math.round(b.data()[i] * 255);
            sum += d * d;
        }
        return sum == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * a.data().length / sum);
    }
}
