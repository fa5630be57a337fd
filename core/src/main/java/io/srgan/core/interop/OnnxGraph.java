package io.srgan.core.interop;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph (opset 17, NCHW float32) under construction: each method appends one node and returns
 * the name of its output. Weights become initializers named after the layer they belong to, so a
 * viewer such as Netron shows this project's layer names. Only the operators the generators need.
 */
final class OnnxGraph {
    static final int OPSET = 17;
    /** IR version 8 (2021-07-30): the first that opset 17 runtimes read; ONNX Runtime 1.20 reads up to 10. */
    static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    OnnxGraph(String name) { graph.setName(name); }

    /** A float32 input [batch, channels, height, width] with named (dynamic) batch, height and width. */
    String input(String name, int channels) {
        graph.addInput(valueInfo(name, channels, "height", "width"));
        return name;
    }

    /** Makes {@code value} the graph's output {@code name} [batch, channels, out_height, out_width]. */
    void output(String value, String name, int channels) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(value).addOutput(name));
        graph.addOutput(valueInfo(name, channels, "out_height", "out_width"));
    }

    /** A constant tensor. */
    String initializer(String name, FloatTensor t) {
        ByteBuffer raw = ByteBuffer.allocate(t.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(t.data());
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : t.shape()) b.addDims(d);
        graph.addInitializer(b);
        return name;
    }

    /** A 2-D convolution, weights [out, in, k, k] (PyTorch's layout), padding {@code pad} on every side. */
    String conv(String x, String layer, FloatTensor weight, FloatTensor bias, int stride, int pad) {
        long k = weight.dim(2);
        return node("Conv", layer, List.of(x, initializer(layer + ".weight", weight), initializer(layer + ".bias", bias)),
                Map.of("kernel_shape", new long[] {k, k}, "strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad}));
    }

    /** A transposed convolution, weights [in, out, k, k]. */
    String convTranspose(String x, String layer, FloatTensor weight, FloatTensor bias, int stride, int pad) {
        long k = weight.dim(2);
        return node("ConvTranspose", layer, List.of(x, initializer(layer + ".weight", weight), initializer(layer + ".bias", bias)),
                Map.of("kernel_shape", new long[] {k, k}, "strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad}));
    }

    /** Inference batch normalisation with running statistics. */
    String batchNorm(String x, String layer, FloatTensor gamma, FloatTensor beta, FloatTensor mean, FloatTensor var, double eps) {
        return node("BatchNormalization", layer, List.of(x, initializer(layer + ".gamma", gamma), initializer(layer + ".beta", beta),
                initializer(layer + ".running_mean", mean), initializer(layer + ".running_var", var)), Map.of("epsilon", (float) eps));
    }

    String leakyRelu(String x, String layer, double alpha) {
        return node("LeakyRelu", layer, List.of(x), Map.of("alpha", (float) alpha));
    }

    String relu(String x, String layer) { return node("Relu", layer, List.of(x), Map.of()); }

    /** Per-channel PReLU; {@code slopes} [C] (broadcast over H and W as [C, 1, 1]). */
    String prelu(String x, String layer, FloatTensor slopes) {
        FloatTensor s = new FloatTensor(new long[] {slopes.dim(0), 1, 1}, slopes.data());
        return node("PRelu", layer, List.of(x, initializer(layer + ".slopes", s)), Map.of());
    }

    String add(String a, String b, String layer) { return node("Add", layer, List.of(a, b), Map.of()); }

    /** x · factor. */
    String scale(String x, String layer, double factor) {
        String c = initializer(layer + ".factor", new FloatTensor(new long[0], new float[] {(float) factor}));
        return node("Mul", layer, List.of(x, c), Map.of());
    }

    /** Channel concatenation. */
    String concat(List<String> xs, String layer) { return node("Concat", layer, xs, Map.of("axis", 1L)); }

    /**
     * Depth-to-space in this project's channel order (output channel c at block offset (i, j) from
     * input channel (i·r + j)·C + c), which is ONNX's DCR mode.
     */
    String depthToSpace(String x, String layer, int r) {
        return node("DepthToSpace", layer, List.of(x), Map.of("blocksize", (long) r, "mode", "DCR"));
    }

    /** Space-to-depth: output channel (i·r + j)·C + c holds input channel c at block offset (i, j). */
    String spaceToDepth(String x, String layer, int r) {
        return node("SpaceToDepth", layer, List.of(x), Map.of("blocksize", (long) r));
    }

    /** Each pixel repeated f×f (PyTorch's mode='nearest' at an integer scale). */
    String nearest(String x, String layer, int f) {
        return resize(x, layer, f, Map.of("mode", "nearest", "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"));
    }

    /** Bilinear ×f with half-pixel centres, as PyTorch's align_corners=False exports. */
    String bilinear(String x, String layer, int f) {
        return resize(x, layer, f, Map.of("mode", "linear", "coordinate_transformation_mode", "pytorch_half_pixel"));
    }

    private String resize(String x, String layer, int f, Map<String, Object> attrs) {
        String scales = initializer(layer + ".scales", new FloatTensor(new long[] {4}, new float[] {1, 1, f, f}));
        return node("Resize", layer, List.of(x, "", scales), attrs); // "": no region of interest
    }

    /** The model: this graph with the given producer and metadata (shown by viewers, read by runtimes' metadata APIs). */
    ModelProto model(String producerVersion, Map<String, String> metadata, String doc) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("srgan-spark")
                .setProducerVersion(producerVersion).setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private String node(String op, String layer, List<String> inputs, Map<String, Object> attrs) {
        String out = layer + "/" + op + "_" + nodes++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        attrs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(n);
        return out;
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Float f) a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        else if (v instanceof Long l) a.setType(AttributeProto.AttributeType.INT).setI(l);
        else if (v instanceof String s) a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        else if (v instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) a.addInts(l);
        } else throw new IllegalArgumentException(name + ": attribute type " + v.getClass());
        return a.build();
    }

    private static ValueInfoProto valueInfo(String name, int channels, String height, String width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(channels))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(height))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(width)).build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
