package io.srgan.core.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.srgan.core.arch.Generator;
import io.srgan.core.data.FloatImage;
import io.srgan.core.inference.ort.CalibrationTiles;
import io.srgan.core.inference.ort.Int8Model;
import io.srgan.core.inference.ort.Int8Quantization;
import io.srgan.core.inference.ort.OrtSrModel;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.train.GanTrainer;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/**
 * The inference anchor a user would pick instead of this project: the same generator as
 * {@link StepBenchmark} (same options, same seeded weights) exported with {@link OnnxExport} and run
 * by ONNX Runtime 1.20 (CPU, one intra-op thread per core). Prints one JSON line prefixed "RESULT "
 * with {@code infer_<size>} entries shaped like StepBenchmark's; with {@code --int8} also
 * {@code infer_int8_<size>}: the project's int8 path (quantised, run by OrtSrModel). core/bench/speed_benchmark.py
 * runs it from the test classpath.
 */
public final class OnnxRuntimeBenchmark {
    private OnnxRuntimeBenchmark() {}

    interface Call {
        Object run(float[] input) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean int8 = rest.remove("--int8");
        StepBenchmark options = new StepBenchmark();
        new CommandLine(options).parseArgs(rest.toArray(String[]::new));
        Generator g = new GanTrainer(options.config(0)).generator();
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        OnnxExport.write(g, "benchmark", "bench", model);

        ObjectMapper mapper = new ObjectMapper();
        int threads = Runtime.getRuntime().availableProcessors();
        ObjectNode out = mapper.createObjectNode().put("engine", "onnxruntime").put("threads", threads);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toByteArray(), so)) {
                for (int s : options.inferSizes) {
                    out.set("infer_" + s, time(mapper, options, g.scale(), s, x -> {
                        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, s, s});
                             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, t))) {
                            return null;
                        }
                    }));
                }
            }
        }
        if (int8) {
            // the product's int8 path: quantised with calibration (on noise: these weights are random, so is any
            // image to them), run by OrtSrModel as upscale runs it (its session options: intra-op threads do not spin)
            List<FloatImage> noise = new ArrayList<>();
            Random rnd = new Random(1);
            for (int i = 0; i < 4; i++) {
                float[] px = new float[96 * 96 * 3];
                for (int j = 0; j < px.length; j++) px[j] = rnd.nextFloat();
                noise.add(new FloatImage(96, 96, 3, px));
            }
            Int8Model q = Int8Quantization.quantize(g, CalibrationTiles.of(noise, g.inputAlignment(), 0), threads, "benchmark", "bench", 0);
            try (OrtSrModel m = new OrtSrModel(q.onnx(), g.scale(), g.receptiveFieldRadius(), g.inputAlignment(), threads)) {
                for (int s : options.inferSizes) {
                    out.set("infer_int8_" + s, time(mapper, options, g.scale(), s, x -> {
                        try (INDArray in = Nd4j.create(x, new long[] {1, s, s, 3}, DataType.FLOAT); INDArray y = m.upscale(in)) {
                            return null;
                        }
                    }));
                }
            }
        }
        System.out.println("RESULT " + mapper.writeValueAsString(out));
    }

    /** Median of options.inferSteps calls after one warm-up, on one fixed random input of s². */
    private static ObjectNode time(ObjectMapper mapper, StepBenchmark options, int scale, int s, Call call) throws Exception {
        float[] pixels = new float[3 * s * s];
        Random rnd = new Random(0);
        for (int i = 0; i < pixels.length; i++) pixels[i] = rnd.nextFloat();
        List<Double> times = new ArrayList<>();
        double first = 0;
        for (int i = 0; i < options.inferSteps + 1; i++) {
            long t0 = System.nanoTime();
            call.run(pixels);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (i == 0) first = ms; else times.add(ms);
        }
        double median = StepBenchmark.median(times);
        return mapper.createObjectNode().put("median_ms", median).put("first_ms", first)
                .put("out_mpix_per_s", (double) s * scale * s * scale / 1e6 / (median / 1e3)).put("n", times.size());
    }
}
