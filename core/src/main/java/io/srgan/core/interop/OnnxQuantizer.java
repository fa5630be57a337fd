package io.srgan.core.interop;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantisation of an exported generator ({@link OnnxExport}) in ONNX's QDQ form, the form
 * ONNX Runtime fuses into integer convolutions (QLinearConv, u8 activations × s8 weights, int32
 * accumulation; AVX-512 VNNI where the CPU has it):
 * <ul>
 * <li>weights: symmetric int8 per output channel (scale = max|w| / 127, zero point 0);
 * <li>biases: int32 at scale (input scale × weight scale), as the integer kernels add them;
 * <li>activations: asymmetric uint8 per tensor over the calibrated range (widened to include 0, so
 *     zero padding is exact), a QuantizeLinear → DequantizeLinear pair on every quantised
 *     convolution's input and output, and on the output of a ReLU / LeakyReLU between two quantised
 *     convolutions (ONNX Runtime then runs it in uint8); a pixel shuffle between them moves the
 *     uint8 tensor itself ({@link #pixelShuffleUint8}).
 * </ul>
 * The first convolution (3 input channels: little work, and it sees the raw image) and the last one
 * (it writes the image: its output would be rounded to 8 bits of its range) stay float: on the
 * trained models measured, quantising them cost 0.03–0.07 dB of the 0.1 dB budget for a few per cent
 * of the work. Everything between the convolutions (activations, additions, concatenations,
 * upsampling) runs in float on the dequantised values.
 */
public final class OnnxQuantizer {
    /** Domain of the scale and zero-point tensors' names, so they cannot clash with a layer's. */
    private static final String Q = "quant/";

    private OnnxQuantizer() {}

    /** The tensors whose ranges {@link #quantize} needs: the inputs and outputs of the convolutions it quantises. */
    public static List<String> calibrationTensors(ModelProto model) {
        Set<String> names = new LinkedHashSet<>();
        for (NodeProto n : quantised(model.getGraph())) {
            names.add(n.getInput(0));
            names.add(n.getOutput(0));
        }
        for (NodeProto n : followers(model.getGraph())) {
            if (!n.getOpType().equals("DepthToSpace")) names.add(n.getOutput(0)); // moved as uint8: its input's range holds
        }
        return new ArrayList<>(names);
    }

    /** {@code model} with {@code tensors} added as graph outputs (float), so one run yields them for calibration. */
    public static ModelProto exposing(ModelProto model, List<String> tensors) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        Set<String> outputs = new LinkedHashSet<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String t : tensors) {
            if (!outputs.add(t)) continue;
            g.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))));
        }
        return model.toBuilder().setGraph(g).build();
    }

    /**
     * The int8 model: every convolution but the first and the last quantised with {@code ranges}
     * (which must hold every tensor {@link #calibrationTensors} names).
     */
    public static ModelProto quantize(ModelProto model, ActivationRanges ranges) {
        GraphProto g = model.getGraph();
        Set<NodeProto> targets = Set.copyOf(quantised(g));
        Set<NodeProto> followers = Set.copyOf(followers(g));
        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) initializers.put(t.getName(), t);
        GraphProto.Builder out = g.toBuilder().clearNode();
        Map<String, Dequantised> dequantised = new HashMap<>(); // float tensor (or its QDQ form) → its QDQ form
        Map<String, String> renamed = new HashMap<>(); // a quantised conv's output → its QDQ form, for its readers
        Set<String> replacedInitializers = new LinkedHashSet<>();
        for (NodeProto node : g.getNodeList()) {
            NodeProto.Builder n = node.toBuilder();
            for (int i = 0; i < n.getInputCount(); i++) n.setInput(i, renamed.getOrDefault(n.getInput(i), n.getInput(i)));
            if (followers.contains(node) && node.getOpType().equals("DepthToSpace")) {
                replace(node.getOutput(0), pixelShuffleUint8(out, node, dequantised.get(n.getInput(0))), dequantised, renamed);
                continue;
            }
            if (followers.contains(node)) {
                out.addNode(n);
                replace(node.getOutput(0), qdq(out, node.getOutput(0), ranges.range(node.getOutput(0))), dequantised, renamed);
                continue;
            }
            if (!targets.contains(node)) {
                out.addNode(n);
                continue;
            }
            String x = n.getInput(0);
            Dequantised xq = dequantised.get(x);
            if (xq == null) {
                xq = qdq(out, x, ranges.range(x));
                dequantised.put(x, xq);
            }
            n.setInput(0, xq.name());
            TensorProto w = initializers.get(n.getInput(1));
            TensorProto b = initializers.get(n.getInput(2));
            float[] weightScales = weights(out, w);
            n.setInput(1, w.getName() + ".int8");
            bias(out, b, xq.scale(), weightScales);
            n.setInput(2, b.getName() + ".int32");
            replacedInitializers.add(w.getName());
            replacedInitializers.add(b.getName());
            out.addNode(n);
            replace(node.getOutput(0), qdq(out, node.getOutput(0), ranges.range(node.getOutput(0))), dequantised, renamed);
        }
        // the float weights the integer ones replace (left in, ONNX Runtime would warn about each)
        List<TensorProto> kept = out.getInitializerList().stream().filter(t -> !replacedInitializers.contains(t.getName())).toList();
        out.clearInitializer().addAllInitializer(kept);
        ModelProto.Builder m = model.toBuilder().setGraph(out);
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey("precision").setValue("int8"));
        return m.build();
    }

    /** Element-wise activations and data movement that ONNX Runtime runs in uint8 when their input and output are QDQ'd. */
    private static final Set<String> INTEGER_FOLLOWERS = Set.of("LeakyRelu", "Relu", "DepthToSpace");

    /**
     * The nodes whose output is quantised too, so that ONNX Runtime keeps the chain between two quantised
     * convolutions in uint8 (QLinearLeakyRelu, QDQ'd data movement) instead of dequantising a full-resolution
     * tensor: an activation or data movement that is the only reader of a quantised convolution's output (or
     * of another such node's), and whose own output reaches a quantised convolution that way. (Quantising
     * what only float nodes read would add rounding error for nothing: the last convolution's input stays float.)
     */
    private static List<NodeProto> followers(GraphProto g) {
        Map<String, List<NodeProto>> readers = new HashMap<>();
        for (NodeProto n : g.getNodeList()) for (String in : n.getInputList()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        List<NodeProto> convs = quantised(g);
        Set<String> quantisedTensors = new java.util.HashSet<>();
        for (NodeProto n : convs) quantisedTensors.add(n.getOutput(0));
        List<NodeProto> candidates = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (INTEGER_FOLLOWERS.contains(n.getOpType()) && quantisedTensors.contains(n.getInput(0))
                    && readers.get(n.getInput(0)).size() == 1) {
                candidates.add(n);
                quantisedTensors.add(n.getOutput(0));
            }
        }
        // backwards: keep a candidate only if a quantised convolution or a kept candidate reads its output
        Set<NodeProto> kept = new java.util.HashSet<>();
        Set<NodeProto> quantisedConvs = Set.copyOf(convs);
        for (int i = candidates.size() - 1; i >= 0; i--) {
            NodeProto n = candidates.get(i);
            for (NodeProto r : readers.getOrDefault(n.getOutput(0), List.of())) {
                if (quantisedConvs.contains(r) || kept.contains(r)) {
                    kept.add(n);
                    break;
                }
            }
        }
        return candidates.stream().filter(kept::contains).toList();
    }

    /** The convolutions that are quantised: all but the first and the last. */
    private static List<NodeProto> quantised(GraphProto g) {
        List<NodeProto> convs = g.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
        return convs.size() <= 2 ? List.of() : convs.subList(1, convs.size() - 1);
    }

    /** From here on, readers of float tensor {@code y} read its QDQ form {@code yq}, and a convolution reading either finds {@code yq}. */
    private static void replace(String y, Dequantised yq, Map<String, Dequantised> dequantised, Map<String, String> renamed) {
        dequantised.put(y, yq);
        dequantised.put(yq.name(), yq);
        renamed.put(y, yq.name());
    }

    /** A tensor's QDQ form: {@code name} = DequantizeLinear({@code uint8}, scale, zero point). */
    private record Dequantised(String name, double scale, String uint8, String scaleName, String zeroPointName) {}

    /** x → QuantizeLinear(uint8) → DequantizeLinear over {@code range} (widened to include 0). */
    private static Dequantised qdq(GraphProto.Builder out, String x, float[] range) {
        double lo = Math.min(0, range[0]), hi = Math.max(0, range[1]);
        double scale = Math.max(hi - lo, 1e-6) / 255.0;
        int zeroPoint = (int) Math.max(0, Math.min(255, Math.round(-lo / scale)));
        String s = Q + x + ".scale", z = Q + x + ".zero_point";
        out.addInitializer(floats(s, new float[] {(float) scale}, false));
        out.addInitializer(TensorProto.newBuilder().setName(z).setDataType(TensorProto.DataType.UINT8.getNumber())
                .setRawData(ByteString.copyFrom(new byte[] {(byte) zeroPoint})));
        String q = x + ".uint8", dq = x + ".dequantised";
        out.addNode(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(q).addInput(x).addInput(s).addInput(z).addOutput(q));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq).addInput(q).addInput(s).addInput(z).addOutput(dq));
        return new Dequantised(dq, (float) scale, q, s, z); // the scale as stored (float32), so the bias scale matches ORT's product
    }

    /**
     * DepthToSpace (DCR, block r) of a quantised tensor, done on its uint8 form in NHWC:
     * [N, H, W, r·r·C] → [N, H, W, r, r, C] → [N, H, r, W, r, C] → [N, H·r, W·r, C]. The channel block C stays
     * innermost, so the shuffle moves contiguous runs (ONNX Runtime's DepthToSpace moves single floats in
     * NCHW and took a third of an int8 msrresnet at 256²), its Transposes to and from NCHW cancel against
     * those ONNX Runtime puts around its NHWC integer convolutions, and it moves a quarter of the bytes.
     * Values are moved, not changed: the result is dequantised with the input's scale and zero point.
     */
    private static Dequantised pixelShuffleUint8(GraphProto.Builder out, NodeProto d2s, Dequantised x) {
        long r = d2s.getAttributeList().stream().filter(a -> a.getName().equals("blocksize")).findFirst().orElseThrow().getI();
        String y = d2s.getOutput(0), p = y + ".shuffle/";
        String nhwc = p + "nhwc", shape = p + "shape", split = p + "split", moved = p + "moved", merged = p + "merged";
        String u8 = y + ".uint8", dq = y + ".dequantised";
        out.addNode(transpose(x.uint8(), nhwc, 0, 2, 3, 1));
        out.addInitializer(int64s(p + "split_shape", 0, 0, 0, r, r, -1)); // 0: copy N, H, W
        out.addNode(NodeProto.newBuilder().setOpType("Reshape").setName(split).addInput(nhwc).addInput(p + "split_shape").addOutput(split));
        out.addNode(transpose(split, moved, 0, 1, 3, 2, 4, 5));
        // [N, H·r, W·r, C] from the NHWC input's shape: × [1, r, r, 1] then ÷ [1, 1, 1, r²]
        out.addNode(NodeProto.newBuilder().setOpType("Shape").setName(shape).addInput(nhwc).addOutput(shape));
        out.addInitializer(int64s(p + "grow", 1, r, r, 1));
        out.addInitializer(int64s(p + "fold", 1, 1, 1, r * r));
        out.addNode(NodeProto.newBuilder().setOpType("Mul").setName(p + "grown").addInput(shape).addInput(p + "grow").addOutput(p + "grown"));
        out.addNode(NodeProto.newBuilder().setOpType("Div").setName(p + "out_shape").addInput(p + "grown").addInput(p + "fold")
                .addOutput(p + "out_shape"));
        out.addNode(NodeProto.newBuilder().setOpType("Reshape").setName(merged).addInput(moved).addInput(p + "out_shape").addOutput(merged));
        out.addNode(transpose(merged, u8, 0, 3, 1, 2));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq).addInput(u8).addInput(x.scaleName())
                .addInput(x.zeroPointName()).addOutput(dq));
        return new Dequantised(dq, x.scale(), u8, x.scaleName(), x.zeroPointName());
    }

    private static NodeProto transpose(String in, String outName, long... perm) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS);
        for (long v : perm) a.addInts(v);
        return NodeProto.newBuilder().setOpType("Transpose").setName(outName).addInput(in).addOutput(outName).addAttribute(a).build();
    }

    private static TensorProto int64s(String name, long... v) {
        ByteBuffer raw = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) raw.putLong(x);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber()).addDims(v.length)
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** Adds w as int8 per output channel plus its DequantizeLinear; returns the scales. */
    private static float[] weights(GraphProto.Builder out, TensorProto w) {
        float[] v = floats(w);
        int channels = (int) w.getDims(0), per = v.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[v.length];
        for (int o = 0; o < channels; o++) {
            float max = 0;
            for (int j = 0; j < per; j++) max = Math.max(max, Math.abs(v[o * per + j]));
            scales[o] = max > 0 ? max / 127f : 1f; // an all-zero channel: any scale, every value 0
            for (int j = 0; j < per; j++) q[o * per + j] = (byte) Math.max(-127, Math.min(127, Math.round(v[o * per + j] / scales[o])));
        }
        String name = w.getName() + ".int8";
        out.addInitializer(TensorProto.newBuilder().setName(Q + name).setDataType(TensorProto.DataType.INT8.getNumber())
                .addAllDims(w.getDimsList()).setRawData(ByteString.copyFrom(q)));
        perChannelDequantize(out, name, scales, TensorProto.DataType.INT8, 1);
        return scales;
    }

    /** Adds b as int32 at scale (input scale × weight scale) per channel plus its DequantizeLinear. */
    private static void bias(GraphProto.Builder out, TensorProto b, double inputScale, float[] weightScales) {
        float[] v = floats(b);
        float[] scales = new float[v.length];
        ByteBuffer q = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int o = 0; o < v.length; o++) {
            scales[o] = (float) (inputScale * weightScales[o]);
            q.putInt((int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, Math.round((double) v[o] / scales[o]))));
        }
        String name = b.getName() + ".int32";
        out.addInitializer(TensorProto.newBuilder().setName(Q + name).setDataType(TensorProto.DataType.INT32.getNumber())
                .addDims(v.length).setRawData(ByteString.copyFrom(q.array())));
        perChannelDequantize(out, name, scales, TensorProto.DataType.INT32, 4);
    }

    private static void perChannelDequantize(GraphProto.Builder out, String name, float[] scales, TensorProto.DataType type, int bytes) {
        out.addInitializer(floats(Q + name + ".scale", scales, true));
        out.addInitializer(TensorProto.newBuilder().setName(Q + name + ".zero_point").setDataType(type.getNumber())
                .addDims(scales.length).setRawData(ByteString.copyFrom(new byte[bytes * scales.length])));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name).addInput(Q + name).addInput(Q + name + ".scale")
                .addInput(Q + name + ".zero_point").addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(0)));
    }

    private static TensorProto floats(String name, float[] v, boolean vector) {
        ByteBuffer raw = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) raw.putFloat(f);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        if (vector) t.addDims(v.length);
        return t.build();
    }

    private static float[] floats(TensorProto t) {
        FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[fb.remaining()];
        fb.get(f);
        return f;
    }
}
