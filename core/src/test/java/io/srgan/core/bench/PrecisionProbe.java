package io.srgan.core.bench;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import io.srgan.core.util.SeededArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Probe for issue 15 (bf16 / int8 inference): which reduced-precision convolutions are reachable
 * from this build of libnd4j (M2.1, oneDNN statically linked), which implementation runs them, how
 * close they come to fp32, and what the same 3x3 64→64 convolution costs in ONNX Runtime.
 *
 * <p>Not a test: a main, run from the test classpath (core/target/classes, core/target/test-classes
 * and the test-scope dependencies). Run it with {@code DNNL_VERBOSE=1} in the environment to see
 * oneDNN's primitive choice (lines "dnnl_verbose,exec,cpu,convolution,&lt;impl&gt;,…"); each case
 * prints a "=== case" marker first. {@code --nd4j-verbose} also switches on libnd4j's own
 * debug+verbose logging (op execution and platform-helper checks).
 *
 * <p>Sections ({@code --sections}, comma-separated; default accuracy,int8,timing):
 * <ul>
 * <li>accuracy: conv2d and deconv2d with FLOAT, BFLOAT16, HALF inputs against fp32 on [1,S,S,64]
 * ({@code --acc-size} S, 128);
 * <li>int8: integer inputs to conv2d/deconv2d, and a stride-1 conv2d computed by the int8 deconv2d
 * helper (flipped kernel) with per-channel dequantisation;
 * <li>timing: fp32 conv2d (oneDNN and libnd4j's own loop), fp32 and int8 deconv2d, interleaved over
 * {@code --runs} rounds, then bf16 and half conv2d ({@code --slow-runs}), on [1,T,T,64]
 * ({@code --time-size} T, 256); with ort also the ORT graphs in the same rounds;
 * <li>ort: one-conv ONNX graphs (fp32, fp16, bf16, QLinearConv u8/s8, DynamicQuantizeLinear +
 * ConvInteger) built here with the ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}) and run by
 * ONNX Runtime (ai.onnxruntime, a test dependency of core) with 2 intra-op threads;
 * {@code --ort-verbose} switches on ORT's own session log.
 * </ul>
 * Example: {@code DNNL_VERBOSE=1 OMP_NUM_THREADS=2 nice -n 10 java -cp CP io.srgan.core.bench.PrecisionProbe
 * --sections accuracy,int8,ort,timing --runs 7}, with CP from
 * {@code mvn -pl core dependency:build-classpath -Dmdep.includeScope=test} plus core/target/classes and
 * core/target/test-classes, as core/bench/speed_benchmark.py's core_classpath("test") builds it.
 */
public final class PrecisionProbe {
    private static final int C = 64;
    private static final int K = 3;

    public static void main(String[] args) throws Exception {
        Set<String> sections = new LinkedHashSet<>(List.of("accuracy", "int8", "timing"));
        int runs = 5;
        int slowRuns = 3;
        int accSize = 128;
        int timeSize = 256;
        boolean nd4jVerbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sections" -> sections = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--slow-runs" -> slowRuns = Integer.parseInt(args[++i]);
                case "--acc-size" -> accSize = Integer.parseInt(args[++i]);
                case "--time-size" -> timeSize = Integer.parseInt(args[++i]);
                case "--nd4j-verbose" -> nd4jVerbose = true;
                case "--ort-verbose" -> Ort.verbose = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Nd4j.create(1); // initialise the backend before printing anything of ours
        System.out.println("nd4j: helpersAllowed=" + Nd4j.getEnvironment().helpersAllowed()
                + " maxThreads=" + Nd4j.getEnvironment().maxThreads()
                + " DNNL_VERBOSE=" + System.getenv("DNNL_VERBOSE") + " ONEDNN_VERBOSE=" + System.getenv("ONEDNN_VERBOSE"));
        if (nd4jVerbose) {
            Nd4j.getEnvironment().setDebug(true);
            Nd4j.getEnvironment().setVerbose(true);
        }
        if (sections.contains("accuracy")) accuracy(accSize);
        if (sections.contains("int8")) int8(accSize);
        if (sections.contains("ort")) ort(accSize);
        if (sections.contains("timing")) timing(timeSize, runs, slowRuns, sections.contains("ort"));
    }

    // ---------------------------------------------------------------- data

    /** Feature map as the trunk of a generator sees it: LeakyReLU(0.2) of N(0.2, 1), NHWC. */
    static INDArray featureMap(int size, long seed) {
        INDArray x = SeededArrays.normal(seed, DataType.FLOAT, 1, size, size, C).addi(0.2);
        return Transforms.leakyRelu(x, 0.2, false);
    }

    /** Kaiming-normal weights [k,k,in,out] (fan-in 576) and a small bias. */
    static INDArray[] weights(long seed) {
        INDArray w = SeededArrays.normal(seed, DataType.FLOAT, K, K, C, C).muli(Math.sqrt(2.0 / (K * K * C)));
        INDArray b = SeededArrays.normal(seed + 1, DataType.FLOAT, C).muli(0.01);
        return new INDArray[] {w, b};
    }

    private static int[] convArgs(int k, int stride, int pad) {
        return new int[] {k, k, stride, stride, pad, pad, 1, 1, 0, 1, 0}; // explicit padding, NHWC, [kH,kW,in,out]
    }

    /** conv2d with the output left for libnd4j to allocate, so its dtype is what the op infers. */
    static INDArray conv2d(INDArray x, INDArray w, INDArray b) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addIntegerArguments(convArgs(K, 1, 1));
        if (b == null) op.addInputs(x, w);
        else op.addInputs(x, w, b);
        return Nd4j.exec(op.build())[0];
    }

    /** conv2d into a preallocated output of the given type (as NativeOps.conv2d does, with x's type). */
    static INDArray conv2dInto(INDArray x, INDArray w, INDArray b, DataType outType) {
        INDArray out = Nd4j.createUninitialized(outType, x.size(0), x.size(1), x.size(2), w.size(3));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addOutputs(out)
                .addIntegerArguments(convArgs(K, 1, 1));
        if (b == null) op.addInputs(x, w);
        else op.addInputs(x, w, b);
        Nd4j.exec(op.build());
        return out;
    }

    /** deconv2d 3x3 stride 1 pad 1 (w [k,k,out,in]), output allocated by libnd4j or preallocated. */
    static INDArray deconv2d(INDArray x, INDArray w, INDArray b, DataType outType) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("deconv2d").addIntegerArguments(convArgs(K, 1, 1));
        INDArray out = null;
        if (outType != null) {
            out = Nd4j.createUninitialized(outType, x.size(0), x.size(1), x.size(2), w.size(2));
            op.addOutputs(out);
        }
        if (b == null) op.addInputs(x, w);
        else op.addInputs(x, w, b);
        INDArray[] res = Nd4j.exec(op.build());
        return out != null ? out : res[0];
    }

    // ---------------------------------------------------------------- accuracy

    static void accuracy(int size) {
        section("accuracy: conv2d / deconv2d 3x3 64->64 on [1," + size + "," + size + ",64] against fp32");
        INDArray x = featureMap(size, 1);
        INDArray[] wb = weights(2);
        INDArray w = wb[0];
        INDArray b = wb[1];
        System.out.printf("input range [%.3f, %.3f], weight std %.4f%n", x.minNumber().doubleValue(), x.maxNumber().doubleValue(),
                w.stdNumber().doubleValue());
        marker("conv2d FLOAT (reference)");
        INDArray ref = conv2d(x, w, b);
        System.out.printf("out dtype %s, range [%.3f, %.3f]%n", ref.dataType(), ref.minNumber().doubleValue(), ref.maxNumber().doubleValue());
        for (DataType t : new DataType[] {DataType.BFLOAT16, DataType.HALF}) {
            INDArray xt = x.castTo(t);
            INDArray wt = w.castTo(t);
            INDArray bt = b.castTo(t);
            // what storage alone costs: fp32 arithmetic on inputs rounded to t
            INDArray rounded = conv2d(xt.castTo(DataType.FLOAT), wt.castTo(DataType.FLOAT), bt.castTo(DataType.FLOAT));
            report("fp32 conv of " + t + "-rounded x,w,b (storage error only)", ref, rounded);
            attempt("conv2d " + t + " x,w,b (output allocated by op)", () -> report("conv2d " + t, ref, conv2d(xt, wt, bt)));
            attempt("conv2d " + t + " x,w,b -> FLOAT output (mixed)", () -> report("conv2d " + t + "->FLOAT", ref,
                    conv2dInto(xt, wt, bt, DataType.FLOAT)));
            attempt("conv2d " + t + " x,w, FLOAT bias", () -> report("conv2d " + t + " fp32 bias", ref, conv2d(xt, wt, b)));
        }
        // deconv2d: the project's TransposedConv2d and conv2d's input gradient. Same weights read as [k,k,out,in].
        marker("deconv2d FLOAT (reference)");
        INDArray dref = deconv2d(x, w, b, null);
        for (DataType t : new DataType[] {DataType.BFLOAT16, DataType.HALF}) {
            attempt("deconv2d " + t + " x,w,b", () -> report("deconv2d " + t, dref, deconv2d(x.castTo(t), w.castTo(t), b.castTo(t), null)));
        }
    }

    // ---------------------------------------------------------------- int8

    static void int8(int size) {
        section("int8: integer inputs to conv2d / deconv2d");
        INDArray x = featureMap(size, 1);
        INDArray[] wb = weights(2);
        INDArray w = wb[0];
        INDArray b = wb[1];
        INDArray ref = conv2d(x, w, null);
        INDArray dref = deconv2d(x, w, null, null);
        // symmetric per-tensor quantisation: q = round(v / s), s = max|v| / 127
        double sx = Math.max(Math.abs(x.minNumber().doubleValue()), x.maxNumber().doubleValue()) / 127.0;
        double sw = Math.max(Math.abs(w.minNumber().doubleValue()), w.maxNumber().doubleValue()) / 127.0;
        INDArray xq = Transforms.round(x.div(sx), false).castTo(DataType.INT8);
        INDArray wq = Transforms.round(w.div(sw), false).castTo(DataType.INT8);
        INDArray xu = Transforms.round(Transforms.relu(x, true).div(sx), false).castTo(DataType.UINT8);
        System.out.printf("scales: x %.5f, w %.6f%n", sx, sw);
        attempt("conv2d INT8 x, INT8 w (op allocates output)", () -> dequant("conv2d int8", ref, conv2d(xq, wq, null), sx * sw));
        attempt("conv2d INT8 x, INT8 w -> INT32 output", () -> dequant("conv2d int8->int32", ref,
                conv2dInto(xq, wq, null, DataType.INT32), sx * sw));
        attempt("conv2d INT8 x, INT8 w -> FLOAT output", () -> dequant("conv2d int8->float", ref,
                conv2dInto(xq, wq, null, DataType.FLOAT), sx * sw));
        attempt("conv2d UINT8 x, INT8 w -> FLOAT output", () -> conv2dInto(xu, wq, null, DataType.FLOAT));
        attempt("conv2d INT32 x, INT32 w", () -> conv2d(xq.castTo(DataType.INT32), wq.castTo(DataType.INT32), null));
        // deconv2d's oneDNN helper lists (u8|s8 x, s8 w, u8|s8|s32|f32 z) in its platform check
        attempt("deconv2d INT8 x, INT8 w (op allocates output)", () -> dequant("deconv2d int8", dref, deconv2d(xq, wq, null, null), sx * sw));
        attempt("deconv2d INT8 x, INT8 w -> FLOAT output", () -> dequant("deconv2d int8->float", dref,
                deconv2d(xq, wq, null, DataType.FLOAT), sx * sw));
        attempt("deconv2d INT8 x, INT8 w -> INT32 output", () -> dequant("deconv2d int8->int32", dref,
                deconv2d(xq, wq, null, DataType.INT32), sx * sw));
        attempt("deconv2d UINT8 x, INT8 w -> FLOAT output", () -> deconv2d(xu, wq, null, DataType.FLOAT));
        attempt("deconv2d INT8 x, INT8 w, FLOAT bias -> FLOAT output", () -> deconv2d(xq, wq, b, DataType.FLOAT));
        // (An INT8 bias passes the helper's check, but the helper then reads its 64 bytes as 64 f32 values, out of bounds:
        // not run here.)

        // A stride-1 conv2d is a deconv2d with the kernel flipped and in/out swapped: the int8 deconv2d helper as an int8 conv.
        // s8 activations (symmetric per tensor), s8 weights per output channel, dequantised (and biased) afterwards in fp32.
        INDArray refB = conv2d(x, w, b);
        Int8Conv q = new Int8Conv(w, b);
        attempt("conv2d as int8 deconv2d (s8 x per tensor, s8 w per channel, fp32 dequant + bias)",
                () -> report("int8 conv via deconv2d", refB, q.apply(x, sx)));
        attempt("same with the activation scale calibrated at the 99.99th percentile", () -> {
            double s = percentileAbs(x, 0.9999) / 127.0;
            return report("int8 conv via deconv2d, clipped x scale", refB, q.apply(x, s));
        });
    }

    static double percentileAbs(INDArray x, double p) {
        float[] v = Transforms.abs(x, true).data().asFloat();
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.round(p * (v.length - 1)))];
    }

    /** A 3x3 stride-1 pad-1 conv2d computed by libnd4j's int8 deconv2d (oneDNN VNNI) with per-channel weight scales. */
    static final class Int8Conv {
        final INDArray wq;      // [k,k,out,in] s8: flipped, transposed
        final INDArray wScale;  // [out]
        final INDArray bias;

        Int8Conv(INDArray w, INDArray b) {
            long k = w.size(0);
            long cin = w.size(2);
            long cout = w.size(3);
            float[] src = w.dup('c').data().asFloat();
            float[] scale = new float[(int) cout];
            for (int i = 0; i < src.length; i++) {
                int o = (int) (i % cout);
                scale[o] = Math.max(scale[o], Math.abs(src[i]) / 127f);
            }
            byte[] q = new byte[src.length];
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++) {
                    for (int i = 0; i < cin; i++) {
                        for (int o = 0; o < cout; o++) {
                            float v = src[(int) (((kh * k + kw) * cin + i) * cout + o)];
                            int dst = (int) ((((k - 1 - kh) * k + (k - 1 - kw)) * cout + o) * cin + i);
                            q[dst] = (byte) Math.round(v / scale[o]);
                        }
                    }
                }
            }
            this.wq = Nd4j.createFromArray(q).reshape(k, k, cout, cin);
            this.wScale = Nd4j.createFromArray(scale);
            this.bias = b;
        }

        INDArray apply(INDArray x, double xScale) {
            INDArray xq = quantize(x, xScale);
            INDArray acc = deconv2d(xq, wq, null, DataType.FLOAT);
            xq.close();
            acc.reshape(-1, acc.size(3)).muliRowVector(wScale.mul(xScale)).addiRowVector(bias); // a view: NHWC, channels last
            return acc;
        }

        static INDArray quantize(INDArray x, double scale) {
            INDArray t = x.mul(1.0 / scale);
            Transforms.round(t, false);
            Transforms.min(t, 127, false);
            Transforms.max(t, -127, false);
            INDArray q = t.castTo(DataType.INT8);
            t.close();
            return q;
        }
    }

    static INDArray dequant(String label, INDArray ref, INDArray q, double scale) {
        System.out.println("raw output dtype " + q.dataType() + ", first values " + q.reshape(-1).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)));
        report(label + " (dequant scale " + String.format("%.3g", scale) + ")", ref, q.castTo(DataType.FLOAT).muli(scale));
        return q;
    }

    // ---------------------------------------------------------------- timing

    /** One timed case; the supplier returns what it allocated, closed after the clock stops. */
    record Case(String label, Supplier<AutoCloseable> run) {}

    /**
     * Median over {@code runs} rounds, the fast cases interleaved round-robin (so that a noisy neighbour hurts all of
     * them alike), then the slow generic bf16/half loops, {@code slowRuns} each.
     */
    static void timing(int size, int runs, int slowRuns, boolean withOrt) throws Exception {
        section("timing (ROUGH: shared 2-core machine, niced): 3x3 64->64 conv on [1," + size + "," + size + ",64], median of "
                + runs + " interleaved rounds after 1 warm-up each; bf16/half: median of " + slowRuns);
        INDArray x = featureMap(size, 3);
        INDArray[] wb = weights(4);
        INDArray w = wb[0];
        INDArray b = wb[1];
        double gflop = 2.0 * size * size * C * C * K * K / 1e9;
        double sx = percentileAbs(x, 0.9999) / 127.0;
        Int8Conv q = new Int8Conv(w, b);
        INDArray xq = Int8Conv.quantize(x, sx);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("nd4j conv2d fp32, oneDNN helper (brgconv)", () -> conv2dInto(x, w, b, DataType.FLOAT)));
        cases.add(new Case("nd4j conv2d fp32, helpers off (im2col+gemm)", () -> {
            Nd4j.getEnvironment().allowHelpers(false);
            try {
                return conv2dInto(x, w, b, DataType.FLOAT);
            } finally {
                Nd4j.getEnvironment().allowHelpers(true);
            }
        }));
        cases.add(new Case("nd4j deconv2d fp32, oneDNN helper", () -> deconv2d(x, w, b, DataType.FLOAT)));
        cases.add(new Case("nd4j int8 deconv2d only (s8,s8->f32, VNNI)", () -> deconv2d(xq, q.wq, null, DataType.FLOAT)));
        cases.add(new Case("nd4j int8 conv end to end (quant+deconv+dequant)", () -> q.apply(x, sx)));
        List<AutoCloseable> toClose = new ArrayList<>();
        if (withOrt) {
            Ort ort = Ort.create();
            INDArray ref = conv2d(x, w, b);
            float[] nchw = toNchw(x);
            for (String kind : List.of("fp32", "fp16", "qlinear-u8s8", "dynamic-convinteger")) {
                try {
                    Ort.Session s = ort.session(OnnxConv.build(kind, w, b, x, ref));
                    toClose.add(s);
                    cases.add(new Case("ORT " + kind + " (NCHW input)", () -> {
                        try {
                            return s.run(nchw, x.shape());
                        } catch (OrtException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                } catch (Exception e) {
                    System.out.println("ORT " + kind + ": " + describe(e));
                }
            }
        }
        double[][] ms = new double[cases.size()][runs];
        for (Case c : cases) {
            marker("warm-up " + c.label());
            c.run().get().close();
        }
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < cases.size(); i++) {
                long t0 = System.nanoTime();
                AutoCloseable out = cases.get(i).run().get();
                ms[i][r] = (System.nanoTime() - t0) / 1e6;
                out.close();
            }
        }
        for (int i = 0; i < cases.size(); i++) printTiming(cases.get(i).label(), ms[i], gflop);
        for (AutoCloseable c : toClose) c.close();
        for (DataType t : new DataType[] {DataType.BFLOAT16, DataType.HALF}) {
            INDArray xt = x.castTo(t);
            INDArray wt = w.castTo(t);
            INDArray bt = b.castTo(t);
            attempt("time " + t, () -> {
                time("nd4j conv2d " + t + " x,w,b (generic loop)", slowRuns, gflop, () -> conv2dInto(xt, wt, bt, t));
                return null;
            });
        }
    }

    static void time(String label, int runs, double gflop, Supplier<INDArray> op) {
        marker("time " + label);
        op.get().close(); // warm-up (and the verbose lines for this case)
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            INDArray out = op.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            out.close();
        }
        printTiming(label, ms, gflop);
    }

    static void printTiming(String label, double[] ms, double gflop) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double med = s[s.length / 2];
        System.out.printf("TIME %-52s median %9.1f ms  (min %.1f, max %.1f, n=%d)  %.1f GFLOP/s%n", label, med, s[0],
                s[s.length - 1], s.length, gflop / (med / 1e3));
        System.out.flush();
    }

    // ---------------------------------------------------------------- ONNX Runtime

    /** ORT accuracy of each graph kind against nd4j's fp32 conv2d; whether the session can be created at all. */
    static void ort(int accSize) {
        section("ONNX Runtime: the same conv as a one-node graph, NCHW, intra-op threads 2");
        Ort ort = Ort.create();
        INDArray x = featureMap(accSize, 1);
        INDArray[] wb = weights(2);
        INDArray ref = conv2d(x, wb[0], wb[1]);
        for (String kind : List.of("fp32", "fp16", "bf16", "qlinear-u8s8", "dynamic-convinteger")) {
            marker("ORT " + kind);
            try (Ort.Session s = ort.session(OnnxConv.build(kind, wb[0], wb[1], x, ref))) {
                report("ORT " + kind, ref, s.run(x));
            } catch (Exception e) {
                System.out.println("FAILED: " + describe(e));
            }
        }
    }

    static String describe(Throwable e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }

    static float[] toNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c').data().asFloat();
    }

    /** ORT sessions as the probe runs them: 2 intra-op threads, 1 inter-op; with {@code --ort-verbose}, ORT's own log. */
    static final class Ort {
        static boolean verbose;
        final OrtEnvironment env = OrtEnvironment.getEnvironment();

        /** The environment, after printing ORT's version and execution providers. */
        static Ort create() {
            Ort ort = new Ort();
            System.out.println("ORT " + ort.env.getVersion() + ", providers " + OrtEnvironment.getAvailableProviders());
            return ort;
        }

        Session session(ModelProto model) throws OrtException {
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            try {
                opts.setIntraOpNumThreads(2);
                opts.setInterOpNumThreads(1);
                if (verbose) opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE); // node placement, inserted casts, kernels
                return new Session(env, env.createSession(model.toByteArray(), opts), opts);
            } catch (OrtException e) {
                opts.close();
                throw e;
            }
        }

        /** A session on one of {@link OnnxConv}'s graphs: input x, output y, float NCHW. */
        record Session(OrtEnvironment env, OrtSession session, OrtSession.SessionOptions opts) implements AutoCloseable {
            /** NHWC in, NHWC out (the graph itself is NCHW). */
            INDArray run(INDArray nhwc) throws OrtException {
                long[] s = nhwc.shape();
                try (OrtSession.Result result = run(toNchw(nhwc), s)) {
                    FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] out = new float[fb.remaining()];
                    fb.get(out);
                    return Nd4j.create(out, new long[] {s[0], C, s[1], s[2]}, 'c').permute(0, 2, 3, 1).dup('c');
                }
            }

            OrtSession.Result run(float[] nchw, long[] nhwcShape) throws OrtException {
                long[] shape = {nhwcShape[0], nhwcShape[3], nhwcShape[1], nhwcShape[2]};
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), shape)) {
                    return session.run(Map.of("x", x));
                }
            }

            @Override
            public void close() throws OrtException {
                session.close();
                opts.close();
            }
        }
    }

    /**
     * One-convolution ONNX graphs: float input x and output y [N,64,H,W], the 3x3 pad-1 conv in fp32, in fp16/bf16 between
     * Casts, or int8 with static (QLinearConv) or dynamic (ConvInteger) quantisation around it.
     */
    static final class OnnxConv {
        static ModelProto build(String kind, INDArray w, INDArray b, INDArray x, INDArray ref) {
            INDArray wOihw = w.permute(3, 2, 0, 1).dup('c'); // [k,k,in,out] -> [out,in,k,k]
            OnnxProtos g = new OnnxProtos("conv_" + kind);
            switch (kind) {
                case "fp32" -> fp32(g, wOihw, b);
                case "fp16" -> reduced(g, TensorProto.DataType.FLOAT16, wOihw, b);
                case "bf16" -> reduced(g, TensorProto.DataType.BFLOAT16, wOihw, b);
                case "qlinear-u8s8" -> qlinear(g, wOihw, b, asymmetric(x), asymmetric(ref));
                case "dynamic-convinteger" -> convInteger(g, wOihw, b);
                default -> throw new IllegalArgumentException(kind);
            }
            return g.model();
        }

        static AttributeProto[] convAttrs() {
            return new AttributeProto[] {ints("kernel_shape", K, K), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1)};
        }

        static void fp32(OnnxProtos g, INDArray wOihw, INDArray b) {
            g.floats("w", wOihw);
            g.floats("b", b);
            g.node("Conv", List.of("x", "w", "b"), List.of("y"), convAttrs());
        }

        /** The conv in {@code type}, its inputs and output cast in the graph. */
        static void reduced(OnnxProtos g, TensorProto.DataType type, INDArray wOihw, INDArray b) {
            g.floats("w32", wOihw);
            g.floats("b32", b);
            g.node("Cast", List.of("x"), List.of("xh"), castTo(type));
            g.node("Cast", List.of("w32"), List.of("wh"), castTo(type));
            g.node("Cast", List.of("b32"), List.of("bh"), castTo(type));
            g.node("Conv", List.of("xh", "wh", "bh"), List.of("yh"), convAttrs());
            g.node("Cast", List.of("yh"), List.of("y"), castTo(TensorProto.DataType.FLOAT));
        }

        /**
         * Static quantisation, calibrated on this very input and its fp32 output ({@code xq}, {@code yq}: [scale, zero point]):
         * u8 activations, s8 per-channel weights, s32 bias.
         */
        static void qlinear(OnnxProtos g, INDArray wOihw, INDArray b, double[] xq, double[] yq) {
            float[] wf = wOihw.data().asFloat();
            int per = wf.length / C;
            float[] ws = new float[C];
            byte[] wq = new byte[wf.length];
            int[] bq = new int[C];
            for (int o = 0; o < C; o++) {
                float m = 0;
                for (int i = 0; i < per; i++) m = Math.max(m, Math.abs(wf[o * per + i]));
                ws[o] = m / 127f;
                for (int i = 0; i < per; i++) wq[o * per + i] = (byte) Math.round(wf[o * per + i] / ws[o]);
                bq[o] = (int) Math.round(b.getDouble(o) / (xq[0] * ws[o]));
            }
            g.scalar("x_scale", (float) xq[0]);
            g.bytes("x_zp", TensorProto.DataType.UINT8, new long[0], new byte[] {(byte) xq[1]});
            g.bytes("w_q", TensorProto.DataType.INT8, wOihw.shape(), wq);
            g.floats("w_scale", new long[] {C}, ws);
            g.bytes("w_zp", TensorProto.DataType.INT8, new long[] {C}, new byte[C]);
            g.scalar("y_scale", (float) yq[0]);
            g.bytes("y_zp", TensorProto.DataType.UINT8, new long[0], new byte[] {(byte) yq[1]});
            g.ints("b_q", new long[] {C}, bq);
            g.node("QuantizeLinear", List.of("x", "x_scale", "x_zp"), List.of("xq"));
            g.node("QLinearConv", List.of("xq", "x_scale", "x_zp", "w_q", "w_scale", "w_zp", "y_scale", "y_zp", "b_q"), List.of("yq"),
                    convAttrs());
            g.node("DequantizeLinear", List.of("yq", "y_scale", "y_zp"), List.of("y"));
        }

        /** What onnxruntime.quantization.quantize_dynamic emits for Conv: DynamicQuantizeLinear + ConvInteger (u8 x u8). */
        static void convInteger(OnnxProtos g, INDArray wOihw, INDArray b) {
            float[] wf = wOihw.data().asFloat();
            float m = 0;
            for (float v : wf) m = Math.max(m, Math.abs(v));
            float ws = m / 127f;
            byte[] wq = new byte[wf.length];
            for (int i = 0; i < wf.length; i++) wq[i] = (byte) (Math.round(wf[i] / ws) + 128);
            g.bytes("w_q", TensorProto.DataType.UINT8, wOihw.shape(), wq);
            g.bytes("w_zp", TensorProto.DataType.UINT8, new long[0], new byte[] {(byte) 128});
            g.scalar("w_scale", ws);
            g.floats("b4", b.reshape(1, C, 1, 1));
            g.node("DynamicQuantizeLinear", List.of("x"), List.of("xq", "xs", "xzp"));
            g.node("ConvInteger", List.of("xq", "w_q", "xzp", "w_zp"), List.of("acc"), convAttrs());
            g.node("Cast", List.of("acc"), List.of("accf"), castTo(TensorProto.DataType.FLOAT));
            g.node("Mul", List.of("xs", "w_scale"), List.of("s"));
            g.node("Mul", List.of("accf", "s"), List.of("ys"));
            g.node("Add", List.of("ys", "b4"), List.of("y"));
        }

        /** [scale, zero point] of an asymmetric u8 quantisation covering v's range (and 0). */
        static double[] asymmetric(INDArray v) {
            double lo = Math.min(0, v.minNumber().doubleValue());
            double hi = Math.max(0, v.maxNumber().doubleValue());
            double s = (hi - lo) / 255.0;
            return new double[] {s, Math.round(-lo / s)};
        }

        static AttributeProto ints(String name, long... v) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long x : v) a.addInts(x);
            return a.build();
        }

        /** Cast's target type. */
        static AttributeProto castTo(TensorProto.DataType type) {
            return AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(type.getNumber()).build();
        }
    }

    /**
     * A model (opset 17, IR 8) with one graph under construction: input x and output y, float [N,64,H,W]. (The exporter's
     * interop.OnnxGraph is package-private and float-only; these graphs need typed initializers and bare node names.)
     */
    static final class OnnxProtos {
        private final GraphProto.Builder graph;

        OnnxProtos(String name) {
            graph = GraphProto.newBuilder().setName(name).addInput(floatNchw("x")).addOutput(floatNchw("y"));
        }

        void node(String op, List<String> in, List<String> out, AttributeProto... attrs) {
            graph.addNode(NodeProto.newBuilder().setOpType(op).setName(op + "_" + out.get(0)).addAllInput(in).addAllOutput(out)
                    .addAllAttribute(Arrays.asList(attrs)));
        }

        /** A constant tensor of bytes (u8 or s8), or of any type given its little-endian raw_data. */
        void bytes(String name, TensorProto.DataType type, long[] dims, byte[] raw) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
            for (long d : dims) t.addDims(d);
            graph.addInitializer(t);
        }

        void floats(String name, long[] dims, float[] v) {
            ByteBuffer raw = ByteBuffer.allocate(Float.BYTES * v.length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(v);
            bytes(name, TensorProto.DataType.FLOAT, dims, raw.array());
        }

        void floats(String name, INDArray v) {
            floats(name, v.shape(), v.dup('c').data().asFloat());
        }

        void scalar(String name, float v) {
            floats(name, new long[0], new float[] {v});
        }

        void ints(String name, long[] dims, int[] v) {
            ByteBuffer raw = ByteBuffer.allocate(Integer.BYTES * v.length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asIntBuffer().put(v);
            bytes(name, TensorProto.DataType.INT32, dims, raw.array());
        }

        ModelProto model() {
            return ModelProto.newBuilder().setIrVersion(8).setProducerName("srgan-precision-probe")
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
        }

        /** Float [N, 64, H, W] with N, H and W symbolic. */
        private static ValueInfoProto floatNchw(String name) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(C))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("H"))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("W"));
            TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
            return ValueInfoProto.newBuilder().setName(name).setType(type).build();
        }
    }

    // ---------------------------------------------------------------- reporting

    static void section(String title) {
        System.out.println();
        System.out.println("######## " + title);
        System.out.flush();
    }

    /** A marker before each case, so the native verbose lines that follow can be attributed to it. */
    static void marker(String label) {
        System.out.println("=== case: " + label);
        System.out.flush();
    }

    static void attempt(String label, Supplier<?> body) {
        marker(label);
        try {
            body.get();
        } catch (Throwable e) {
            StringBuilder msg = new StringBuilder("FAILED: " + e.getClass().getName() + ": " + e.getMessage());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) msg.append(" / caused by ").append(c);
            System.out.println(msg);
        }
        System.out.flush();
    }

    /** Max abs error, max abs error relative to max|ref|, RMS relative to RMS(ref), PSNR (peak = range of ref). */
    static INDArray report(String label, INDArray ref, INDArray got) {
        INDArray g = got.castTo(DataType.FLOAT);
        INDArray d = g.sub(ref);
        double maxAbs = Transforms.abs(d, true).maxNumber().doubleValue();
        double refMax = Transforms.abs(ref, true).maxNumber().doubleValue();
        double mse = d.mul(d).meanNumber().doubleValue();
        double refMs = ref.mul(ref).meanNumber().doubleValue();
        double range = ref.maxNumber().doubleValue() - ref.minNumber().doubleValue();
        double psnr = 10 * Math.log10(range * range / mse);
        System.out.printf("RESULT %-58s out dtype %-8s max|err| %.3e  max|err|/max|ref| %.2e  rms rel %.2e  PSNR %.1f dB%n", label,
                got.dataType(), maxAbs, maxAbs / refMax, Math.sqrt(mse / refMs), psnr);
        System.out.flush();
        return got;
    }

    private PrecisionProbe() {}
}
