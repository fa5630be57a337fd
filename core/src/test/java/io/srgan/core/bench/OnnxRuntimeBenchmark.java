package io.srgan.core.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.srgan.core.arch.Generator;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.train.GanTrainer;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;

/**
 * The inference anchor a user would pick instead of this project: the same generator as
 * {@link StepBenchmark} (same options, same seeded weights) exported with {@link OnnxExport} and run
 * by ONNX Runtime 1.20 (CPU, one intra-op thread per core). Prints one JSON line prefixed "RESULT "
 * with {@code infer_<size>} entries shaped like StepBenchmark's. Lives with the tests because ONNX
 * Runtime is a test-scope dependency; core/bench/speed_benchmark.py runs it.
 */
public final class OnnxRuntimeBenchmark {
    private OnnxRuntimeBenchmark() {}

    public static void main(String[] args) throws Exception {
        StepBenchmark options = new StepBenchmark();
        new CommandLine(options).parseArgs(args);
        Generator g = new GanTrainer(options.config(0)).generator();
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        OnnxExport.write(g, "benchmark", "bench", model);

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode().put("engine", "onnxruntime").put("threads", Runtime.getRuntime().availableProcessors());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toByteArray(), so)) {
                for (int s : options.inferSizes) {
                    float[] pixels = new float[3 * s * s];
                    Random rnd = new Random(0);
                    for (int i = 0; i < pixels.length; i++) pixels[i] = rnd.nextFloat();
                    List<Double> times = new ArrayList<>();
                    double first = 0;
                    for (int i = 0; i < options.inferSteps + 1; i++) {
                        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 3, s, s})) {
                            long t0 = System.nanoTime();
                            try (OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
                                double ms = (System.nanoTime() - t0) / 1e6;
                                if (i == 0) first = ms; else times.add(ms);
                            }
                        }
                    }
                    double median = StepBenchmark.median(times);
                    int scale = g.scale();
                    out.set("infer_" + s, mapper.createObjectNode().put("median_ms", median).put("first_ms", first)
                            .put("out_mpix_per_s", (double) s * scale * s * scale / 1e6 / (median / 1e3)).put("n", times.size()));
                }
            }
        }
        System.out.println("RESULT " + mapper.writeValueAsString(out));
    }
}
