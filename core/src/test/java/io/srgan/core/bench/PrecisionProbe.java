package io.srgan.core.bench;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
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
 * ConvInteger) written here and run by ONNX Runtime with 2 intra-op threads. ai.onnxruntime is
 * called through reflection so that the probe compiles without it; add its jar to the classpath
 * (it is a test dependency once the onnx branch is in).
 * </ul>
 * Example: {@code DNNL_VERBOSE=1 OMP_NUM_THREADS=2 nice -n 10 java -cp CP io.srgan.core.bench.PrecisionProbe
 * --sections accuracy,int8,ort,timing --runs 7}, with CP from
 * {@code mvn -pl core dependency:build-classpath -Dmdep.includeScope=test} plus core/target/classes and
 * core/target/test-classes (speed_benchmark.py's core_classpath("test") on the onnx branch).
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
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, size, size, C).addi(0.2);
        return Transforms.leakyRelu(x, 0.2, false);
    }

    /** Kaiming-normal weights [k,k,in,out] (fan-in 576) and a small bias. */
    static INDArray[] weights(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray w = Nd4j.randn(DataType.FLOAT, K, K, C, C).muli(Math.sqrt(2.0 / (K * K * C)));
        INDArray b = Nd4j.randn(DataType.FLOAT, C).muli(0.01);
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
            if (ort != null) {
                INDArray ref = conv2d(x, w, b);
                float[] nchw = toNchw(x);
                for (String kind : List.of("fp32", "fp16", "qlinear-u8s8", "dynamic-convinteger")) {
                    try {
                        Ort.Session s = ort.session(OnnxConv.build(kind, w, b, x, ref));
                        toClose.add(s);
                        cases.add(new Case("ORT " + kind + " (NCHW input)", () -> {
                            try {
                                return s.run(nchw, x.shape());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }));
                    } catch (Exception e) {
                        System.out.println("ORT " + kind + ": " + rootMessage(e));
                    }
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

    // ---------------------------------------------------------------- ONNX Runtime (reflection)

    /** ORT accuracy of each graph kind against nd4j's fp32 conv2d; whether the session can be created at all. */
    static void ort(int accSize) throws Exception {
        section("ONNX Runtime: the same conv as a one-node graph, NCHW, intra-op threads 2");
        Ort ort = Ort.create();
        if (ort == null) return;
        INDArray x = featureMap(accSize, 1);
        INDArray[] wb = weights(2);
        INDArray ref = conv2d(x, wb[0], wb[1]);
        for (String kind : List.of("fp32", "fp16", "bf16", "qlinear-u8s8", "dynamic-convinteger")) {
            marker("ORT " + kind);
            try (Ort.Session s = ort.session(OnnxConv.build(kind, wb[0], wb[1], x, ref))) {
                report("ORT " + kind, ref, s.run(x));
            } catch (Exception e) {
                System.out.println("FAILED: " + rootMessage(e));
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable c = e;
        while ((c instanceof InvocationTargetException || c instanceof IllegalStateException) && c.getCause() != null) c = c.getCause();
        return c.getClass().getName() + ": " + c.getMessage();
    }

    static float[] toNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c').data().asFloat();
    }

    /** The few ORT Java calls needed, through reflection. */
    static final class Ort {
        static boolean verbose;
        final Object env;
        final Class<?> envClass;
        final Class<?> tensorClass;
        final Class<?> optsClass;

        /** The ORT environment, or null (with a note) when ai.onnxruntime is not on the classpath. */
        static Ort create() throws Exception {
            Class<?> envClass;
            try {
                envClass = Class.forName("ai.onnxruntime.OrtEnvironment");
            } catch (ClassNotFoundException e) {
                System.out.println("ai.onnxruntime is not on the classpath: ORT cases skipped");
                return null;
            }
            Object env = envClass.getMethod("getEnvironment").invoke(null);
            System.out.println("ORT " + envClass.getMethod("getVersion").invoke(env) + ", providers "
                    + envClass.getMethod("getAvailableProviders").invoke(null));
            return new Ort(env);
        }

        Ort(Object env) throws ClassNotFoundException {
            this.env = env;
            this.envClass = env.getClass();
            this.tensorClass = Class.forName("ai.onnxruntime.OnnxTensor");
            this.optsClass = Class.forName("ai.onnxruntime.OrtSession$SessionOptions");
        }

        Session session(byte[] model) throws Exception {
            Object opts = optsClass.getConstructor().newInstance();
            optsClass.getMethod("setIntraOpNumThreads", int.class).invoke(opts, 2);
            optsClass.getMethod("setInterOpNumThreads", int.class).invoke(opts, 1);
            if (verbose) { // ORT's own log: node placement, inserted casts, the kernels it picked
                Class<?> level = Class.forName("ai.onnxruntime.OrtLoggingLevel");
                optsClass.getMethod("setSessionLogLevel", level).invoke(opts, level.getField("ORT_LOGGING_LEVEL_VERBOSE").get(null));
            }
            Object session = envClass.getMethod("createSession", byte[].class, optsClass).invoke(env, model, opts);
            return new Session(session, (AutoCloseable) opts);
        }

        final class Session implements AutoCloseable {
            final Object session;
            final AutoCloseable opts;
            final Method run;

            Session(Object session, AutoCloseable opts) throws NoSuchMethodException {
                this.session = session;
                this.opts = opts;
                this.run = session.getClass().getMethod("run", Map.class);
            }

            /** NHWC in, NHWC out (the graph itself is NCHW). */
            INDArray run(INDArray nhwc) throws Exception {
                long[] s = nhwc.shape();
                try (AutoCloseable result = run(toNchw(nhwc), s)) {
                    Object value = result.getClass().getMethod("get", int.class).invoke(result, 0);
                    FloatBuffer fb = (FloatBuffer) tensorClass.getMethod("getFloatBuffer").invoke(value);
                    float[] out = new float[fb.remaining()];
                    fb.get(out);
                    return Nd4j.create(out, new long[] {s[0], C, s[1], s[2]}, 'c').permute(0, 2, 3, 1).dup('c');
                }
            }

            AutoCloseable run(float[] nchw, long[] nhwcShape) throws Exception {
                long[] shape = {nhwcShape[0], nhwcShape[3], nhwcShape[1], nhwcShape[2]};
                Object tensor = tensorClass.getMethod("createTensor", envClass, FloatBuffer.class, long[].class)
                        .invoke(null, env, FloatBuffer.wrap(nchw), shape);
                try {
                    return (AutoCloseable) run.invoke(session, Map.of("x", tensor));
                } finally {
                    ((AutoCloseable) tensor).close();
                }
            }

            @Override
            public void close() throws Exception {
                ((AutoCloseable) session).close();
                opts.close();
            }
        }
    }

    /** One-convolution ONNX graphs (opset 17) written with a minimal protobuf encoder. */
    static final class OnnxConv {
        static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT32 = 6, FLOAT16 = 10, BFLOAT16 = 16;

        static byte[] build(String kind, INDArray w, INDArray b, INDArray x, INDArray ref) {
            INDArray wOihw = w.permute(3, 2, 0, 1).dup('c'); // [k,k,in,out] -> [out,in,k,k]
            long[] wDims = wOihw.shape();
            List<Pb> nodes = new ArrayList<>();
            List<Pb> inits = new ArrayList<>();
            Pb[] convAttrs = {attrInts("kernel_shape", K, K), attrInts("pads", 1, 1, 1, 1), attrInts("strides", 1, 1)};
            switch (kind) {
                case "fp32" -> {
                    inits.add(floatTensor("w", wDims, wOihw));
                    inits.add(floatTensor("b", new long[] {C}, b));
                    nodes.add(node("Conv", new String[] {"x", "w", "b"}, new String[] {"y"}, convAttrs));
                }
                case "fp16", "bf16" -> {
                    int t = kind.equals("fp16") ? FLOAT16 : BFLOAT16;
                    inits.add(floatTensor("w32", wDims, wOihw));
                    inits.add(floatTensor("b32", new long[] {C}, b));
                    nodes.add(node("Cast", new String[] {"x"}, new String[] {"xh"}, attrInt("to", t)));
                    nodes.add(node("Cast", new String[] {"w32"}, new String[] {"wh"}, attrInt("to", t)));
                    nodes.add(node("Cast", new String[] {"b32"}, new String[] {"bh"}, attrInt("to", t)));
                    nodes.add(node("Conv", new String[] {"xh", "wh", "bh"}, new String[] {"yh"}, convAttrs));
                    nodes.add(node("Cast", new String[] {"yh"}, new String[] {"y"}, attrInt("to", FLOAT)));
                }
                case "qlinear-u8s8" -> {
                    // static quantisation, calibrated on this very input and its fp32 output: u8 activations, s8 per-channel weights
                    double[] xq = asymmetric(x);
                    double[] yq = asymmetric(ref);
                    float[] ws = new float[C];
                    byte[] wq = new byte[(int) wOihw.length()];
                    int[] bq = new int[C];
                    int per = (int) (wOihw.length() / C);
                    float[] wf = wOihw.data().asFloat();
                    for (int o = 0; o < C; o++) {
                        float m = 0;
                        for (int i = 0; i < per; i++) m = Math.max(m, Math.abs(wf[o * per + i]));
                        ws[o] = m / 127f;
                        for (int i = 0; i < per; i++) wq[o * per + i] = (byte) Math.round(wf[o * per + i] / ws[o]);
                        bq[o] = (int) Math.round(b.getDouble(o) / (xq[0] * ws[o]));
                    }
                    inits.add(scalar("x_scale", (float) xq[0]));
                    inits.add(tensor("x_zp", UINT8, new long[0], new byte[] {(byte) xq[1]}));
                    inits.add(tensor("w_q", INT8, wDims, wq));
                    inits.add(tensor("w_scale", FLOAT, new long[] {C}, floats(ws)));
                    inits.add(tensor("w_zp", INT8, new long[] {C}, new byte[C]));
                    inits.add(scalar("y_scale", (float) yq[0]));
                    inits.add(tensor("y_zp", UINT8, new long[0], new byte[] {(byte) yq[1]}));
                    inits.add(tensor("b_q", INT32, new long[] {C}, ints(bq)));
                    nodes.add(node("QuantizeLinear", new String[] {"x", "x_scale", "x_zp"}, new String[] {"xq"}));
                    nodes.add(node("QLinearConv", new String[] {"xq", "x_scale", "x_zp", "w_q", "w_scale", "w_zp", "y_scale", "y_zp",
                        "b_q"}, new String[] {"yq"}, convAttrs));
                    nodes.add(node("DequantizeLinear", new String[] {"yq", "y_scale", "y_zp"}, new String[] {"y"}));
                }
                case "dynamic-convinteger" -> {
                    // what onnxruntime.quantization.quantize_dynamic emits for Conv: DynamicQuantizeLinear + ConvInteger (u8 x u8)
                    float[] wf = wOihw.data().asFloat();
                    float m = 0;
                    for (float v : wf) m = Math.max(m, Math.abs(v));
                    float ws = m / 127f;
                    byte[] wq = new byte[wf.length];
                    for (int i = 0; i < wf.length; i++) wq[i] = (byte) (Math.round(wf[i] / ws) + 128);
                    inits.add(tensor("w_q", UINT8, wDims, wq));
                    inits.add(tensor("w_zp", UINT8, new long[0], new byte[] {(byte) 128}));
                    inits.add(scalar("w_scale", ws));
                    inits.add(floatTensor("b4", new long[] {1, C, 1, 1}, b));
                    nodes.add(node("DynamicQuantizeLinear", new String[] {"x"}, new String[] {"xq", "xs", "xzp"}));
                    nodes.add(node("ConvInteger", new String[] {"xq", "w_q", "xzp", "w_zp"}, new String[] {"acc"}, convAttrs));
                    nodes.add(node("Cast", new String[] {"acc"}, new String[] {"accf"}, attrInt("to", FLOAT)));
                    nodes.add(node("Mul", new String[] {"xs", "w_scale"}, new String[] {"s"}));
                    nodes.add(node("Mul", new String[] {"accf", "s"}, new String[] {"ys"}));
                    nodes.add(node("Add", new String[] {"ys", "b4"}, new String[] {"y"}));
                }
                default -> throw new IllegalArgumentException(kind);
            }
            Pb graph = new Pb();
            for (Pb n : nodes) graph.msg(1, n);
            graph.str(2, "conv_" + kind);
            for (Pb t : inits) graph.msg(5, t);
            graph.msg(11, valueInfo("x", FLOAT, new Object[] {"N", (long) C, "H", "W"}));
            graph.msg(12, valueInfo("y", FLOAT, new Object[] {"N", (long) C, "H", "W"}));
            Pb model = new Pb().varint(1, 8).str(2, "srgan-precision-probe").msg(7, graph).msg(8, new Pb().varint(2, 17));
            return model.bytes();
        }

        /** [scale, zero point] of an asymmetric u8 quantisation covering v's range (and 0). */
        static double[] asymmetric(INDArray v) {
            double lo = Math.min(0, v.minNumber().doubleValue());
            double hi = Math.max(0, v.maxNumber().doubleValue());
            double s = (hi - lo) / 255.0;
            return new double[] {s, Math.round(-lo / s)};
        }

        static Pb node(String op, String[] in, String[] out, Pb... attrs) {
            Pb n = new Pb();
            for (String s : in) n.str(1, s);
            for (String s : out) n.str(2, s);
            n.str(3, op + "_" + out[0]).str(4, op);
            for (Pb a : attrs) n.msg(5, a);
            return n;
        }

        static Pb attrInts(String name, long... v) {
            Pb a = new Pb().str(1, name);
            for (long x : v) a.varint(8, x);
            return a.varint(20, 7);
        }

        static Pb attrInt(String name, long v) {
            return new Pb().str(1, name).varint(3, v).varint(20, 2);
        }

        static Pb tensor(String name, int type, long[] dims, byte[] raw) {
            Pb t = new Pb();
            for (long d : dims) t.varint(1, d);
            return t.varint(2, type).str(8, name).bytes(9, raw);
        }

        static Pb floatTensor(String name, long[] dims, INDArray v) {
            return tensor(name, FLOAT, dims, floats(v.dup('c').data().asFloat()));
        }

        static Pb scalar(String name, float v) {
            return tensor(name, FLOAT, new long[0], floats(new float[] {v}));
        }

        static byte[] floats(float[] v) {
            ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) bb.putFloat(f);
            return bb.array();
        }

        static byte[] ints(int[] v) {
            ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i : v) bb.putInt(i);
            return bb.array();
        }

        /** ValueInfoProto of a tensor; dims are Long (fixed) or String (symbolic). */
        static Pb valueInfo(String name, int elemType, Object[] dims) {
            Pb shape = new Pb();
            for (Object d : dims) shape.msg(1, d instanceof Long l ? new Pb().varint(1, l) : new Pb().str(2, (String) d));
            Pb tensorType = new Pb().varint(1, elemType).msg(2, shape);
            return new Pb().str(1, name).msg(2, new Pb().msg(1, tensorType));
        }
    }

    /** Protobuf wire format: just varints and length-delimited fields. */
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
            return this;
        }

        Pb bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Pb str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Pb msg(int field, Pb m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
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
