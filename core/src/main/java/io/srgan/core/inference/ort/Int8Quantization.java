package io.srgan.core.inference.ort;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.srgan.core.arch.Generator;
import io.srgan.core.data.FloatImage;
import io.srgan.core.interop.ActivationRanges;
import io.srgan.core.interop.OnnxExport;
import io.srgan.core.interop.OnnxQuantizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quantises a generator to int8 for ONNX Runtime: export ({@link OnnxExport}), calibrate the
 * activation ranges on LR crops with the float model, quantise ({@link OnnxQuantizer}), then run the
 * int8 model on the same crops and measure how far it is from float. A model below
 * {@link #MIN_PSNR_DB} is refused: at the ~26–32 dB a x4 model reaches against HR, an int8 error of
 * that size costs about 0.1 dB there, the most this project lets int8 cost (issue 15).
 */
public final class Int8Quantization {
    /** Least PSNR of int8 against fp32 outputs accepted. */
    public static final double MIN_PSNR_DB = 45.0;

    private Int8Quantization() {}

    /** Thrown when the int8 model strays too far from fp32 on the calibration crops. */
    public static final class TooLossyException extends IllegalStateException {
        public TooLossyException(String message) { super(message); }
    }

    /**
     * @param tiles   calibration crops (HWC RGB in [0, 1]; sides a multiple of the model's input alignment)
     * @param threads ONNX Runtime intra-op threads
     */
    public static Int8Model quantize(Generator g, List<FloatImage> tiles, int threads, String source, String version) {
        return quantize(g, tiles, threads, source, version, MIN_PSNR_DB);
    }

    /** As {@link #quantize(Generator, List, int, String, String)} with another floor (dB) for the int8 model's PSNR against fp32. */
    public static Int8Model quantize(Generator g, List<FloatImage> tiles, int threads, String source, String version, double minPsnrDb) {
        if (tiles.isEmpty()) throw new IllegalArgumentException(source + ": no calibration images for int8");
        ModelProto fp32 = OnnxExport.model(g, source, version);
        List<String> tensors = OnnxQuantizer.calibrationTensors(fp32);
        ActivationRanges ranges = new ActivationRanges();
        List<float[]> reference = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Set<String> wanted = new LinkedHashSet<>(tensors);
        wanted.add(OnnxExport.OUTPUT);
        try (OrtSession.SessionOptions options = OrtSrModel.options(threads);
             OrtSession calibration = env.createSession(OnnxQuantizer.exposing(fp32, tensors).toByteArray(), options)) {
            for (FloatImage tile : tiles) {
                try (OnnxTensor x = input(env, tile); OrtSession.Result r = calibration.run(Map.of(OnnxExport.INPUT, x), wanted)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                        if (e.getKey().equals(OnnxExport.OUTPUT)) reference.add(clamped(values));
                        else observe(ranges, e.getKey(), values, source);
                    }
                }
            }
            byte[] int8 = OnnxQuantizer.quantize(fp32, ranges).toByteArray();
            double squared = 0;
            long count = 0;
            try (OrtSession quantised = env.createSession(int8, options)) {
                for (int i = 0; i < tiles.size(); i++) {
                    try (OnnxTensor x = input(env, tiles.get(i));
                         OrtSession.Result r = quantised.run(Map.of(OnnxExport.INPUT, x), Set.of(OnnxExport.OUTPUT))) {
                        float[] got = clamped(((OnnxTensor) r.get(0)).getFloatBuffer());
                        float[] want = reference.get(i);
                        for (int j = 0; j < got.length; j++) {
                            double d = got[j] - want[j];
                            squared += d * d;
                        }
                        count += got.length;
                    }
                }
            }
            double psnr = squared == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(count / squared);
            Int8Model model = new Int8Model(int8, tiles.size(), psnr);
            if (!(psnr >= minPsnrDb)) {
                throw new TooLossyException(String.format(java.util.Locale.ROOT,
                        "%s: the int8 model is %.1f dB PSNR from fp32 on %d calibration crops (needs at least %.0f dB);"
                                + " use --precision fp32", source, psnr, tiles.size(), minPsnrDb));
            }
            return model;
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": ONNX Runtime failed while quantising: " + e.getMessage(), e);
        }
    }

    private static void observe(ActivationRanges ranges, String tensor, FloatBuffer values, String source) {
        try {
            ranges.observe(tensor, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage() + " on a calibration crop (are the weights finite?)", e);
        }
    }

    /** One crop (RGB, as {@link CalibrationTiles} cuts them) as a [1, 3, h, w] tensor. */
    private static OnnxTensor input(OrtEnvironment env, FloatImage tile) throws OrtException {
        int h = tile.height(), w = tile.width();
        float[] chw = new float[3 * h * w];
        OrtSrModel.transpose(tile.data(), chw, 1, h * w, false);
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, h, w});
    }

    /** The values clamped to [0, 1], as an image stores them. */
    private static float[] clamped(FloatBuffer values) {
        float[] v = new float[values.remaining()];
        values.get(v);
        for (int i = 0; i < v.length; i++) v[i] = Math.min(1f, Math.max(0f, v[i]));
        return v;
    }
}
