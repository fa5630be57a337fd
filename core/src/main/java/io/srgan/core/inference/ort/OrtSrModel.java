package io.srgan.core.inference.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.srgan.core.inference.SrModel;
import io.srgan.core.interop.OnnxExport;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generator exported to ONNX ({@link OnnxExport}, possibly quantised) run by ONNX Runtime's CPU
 * provider behind the {@link SrModel} interface, so tiling, the upscale job and evaluation use it as
 * they use the ND4J generator. Batches are converted NHWC → NCHW on the way in and back on the way out.
 *
 * <p>One session serves concurrent callers (ONNX Runtime sessions are thread-safe for {@code run}).
 * Its intra-op threads do not spin between calls: the cores are shared with the job's other work.
 */
public final class OrtSrModel implements SrModel, AutoCloseable {
    private static final int RGB = 3;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int scale;
    private final int receptiveFieldRadius;
    private final int inputAlignment;

    /**
     * @param onnx    the model ({@link OnnxExport}'s graph: input {@code lr}, output {@code sr})
     * @param threads intra-op threads of the session
     */
    public OrtSrModel(byte[] onnx, int scale, int receptiveFieldRadius, int inputAlignment, int threads) {
        this.scale = scale;
        this.receptiveFieldRadius = receptiveFieldRadius;
        this.inputAlignment = inputAlignment;
        try (OrtSession.SessionOptions options = options(threads)) {
            this.session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(Math.max(1, threads));
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT); // fuses the QDQ pairs into integer kernels
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return o;
    }

    @Override
    public int scale() { return scale; }

    @Override
    public int receptiveFieldRadius() { return receptiveFieldRadius; }

    @Override
    public int inputAlignment() { return inputAlignment; }

    @Override
    public INDArray upscale(INDArray lrBatch) {
        if (lrBatch.rank() != 4 || lrBatch.size(3) != RGB) {
            throw new IllegalArgumentException("expected an NHWC RGB batch, got shape " + java.util.Arrays.toString(lrBatch.shape()));
        }
        int n = (int) lrBatch.size(0), h = (int) lrBatch.size(1), w = (int) lrBatch.size(2);
        float[] nhwc;
        try (INDArray dense = lrBatch.castTo(DataType.FLOAT).dup('c')) {
            nhwc = dense.data().asFloat();
        }
        float[] nchw = new float[nhwc.length];
        transpose(nhwc, nchw, n, h * w, false);
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {n, RGB, h, w});
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x), Set.of(OnnxExport.OUTPUT))) {
            OnnxTensor y = (OnnxTensor) r.get(0);
            long[] shape = y.getInfo().getShape();
            float[] out = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
            y.getFloatBuffer().get(out);
            float[] back = new float[out.length];
            transpose(out, back, n, (int) (shape[2] * shape[3]), true);
            return Nd4j.create(back, new long[] {shape[0], shape[2], shape[3], RGB}, DataType.FLOAT);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch " + java.util.Arrays.toString(lrBatch.shape()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** NHWC ↔ NCHW for RGB: {@code toNhwc} false reads NHWC and writes NCHW, true the reverse. */
    static void transpose(float[] src, float[] dst, int n, int pixels, boolean toNhwc) {
        for (int b = 0; b < n; b++) {
            int base = b * pixels * RGB;
            for (int p = 0; p < pixels; p++) {
                for (int c = 0; c < RGB; c++) {
                    int hwc = base + p * RGB + c, chw = base + c * pixels + p;
                    if (toNhwc) dst[hwc] = src[chw];
                    else dst[chw] = src[hwc];
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing an ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
