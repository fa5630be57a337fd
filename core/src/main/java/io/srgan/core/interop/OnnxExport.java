package io.srgan.core.interop;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.nn.BatchNorm;
import io.srgan.core.nn.Param;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator → an ONNX model (opset 17): input {@code lr} [batch, 3, height, width], output
 * {@code sr} [batch, 3, scale·height, scale·width], float32 RGB in [0, 1] (the output not clamped),
 * batch, height and width dynamic, so one file serves every image size. The graph is the network of
 * {@link io.srgan.core.arch.Generators} node for node (every arch, upsampler and scale it builds), in
 * NCHW with PyTorch's weight layouts, so it is what {@code torch.onnx.export} of the same PyTorch
 * network gives; BatchNorm runs on its running statistics. RRDB ×2 (Real-ESRGAN's x2plus) needs even
 * sides, as in PyTorch: the caller pads (metadata {@code input_alignment}).
 */
public final class OnnxExport {
    /** The graph's input and output names. */
    public static final String INPUT = "lr", OUTPUT = "sr";

    private final GeneratorConfig c;
    private final Map<String, FloatTensor> weights = new LinkedHashMap<>();
    private final OnnxGraph graph;

    private OnnxExport(Generator g) {
        this.c = g.config();
        for (Map.Entry<String, Param> e : g.params().entrySet()) weights.put(e.getKey(), floats(e.getValue().value()));
        this.graph = new OnnxGraph(c.size().replace(' ', '_') + "_x" + c.scale());
    }

    /**
     * Writes {@code g} as an ONNX model.
     *
     * @param source   the model it came from, recorded in the model's metadata
     * @param version  this project's version, the model's producer_version
     */
    public static void write(Generator g, String source, String version, OutputStream out) throws IOException {
        model(g, source, version).writeTo(out);
    }

    /** The ONNX model of {@code g}, as {@link #write} writes it. */
    public static ModelProto model(Generator g, String source, String version) {
        OnnxExport e = new OnnxExport(g);
        String lr = e.graph.input(INPUT, 3);
        String sr = switch (e.c.arch()) {
            case "msrresnet" -> e.msrResNet(lr);
            case "srresnet" -> e.srResNet(lr);
            case "rrdb" -> e.rrdb(lr);
            case "srvgg" -> e.srvgg(lr);
            default -> throw new IllegalArgumentException(source + ": no ONNX graph for generator arch " + e.c.arch());
        };
        e.graph.output(sr, OUTPUT, 3);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("arch", e.c.arch());
        meta.put("scale", Integer.toString(e.c.scale()));
        meta.put("size", e.c.size());
        meta.put("upsampler", e.c.upsampler());
        meta.put("input_alignment", Integer.toString(e.c.inputAlignment()));
        meta.put("receptive_field_radius", Integer.toString(g.receptiveFieldRadius()));
        meta.put("io", "float32 RGB in [0, 1], NCHW; the output is not clamped");
        meta.put("source", source);
        return e.graph.model(version, meta, "srgan-spark " + e.c.size() + " x" + e.c.scale() + " from " + source);
    }

    /** BasicSR's MSRResNet (this project's upsampler variants included) plus the bilinear input skip. */
    private String msrResNet(String lr) {
        String h = graph.leakyRelu(conv(lr, "head"), "head.act", 0.1);
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b;
            String y = conv(graph.relu(conv(h, n + ".conv1"), n + ".act"), n + ".conv2");
            h = graph.add(h, y, n);
        }
        int[] stages = c.stages();
        for (int i = 0; i < stages.length; i++) {
            String n = "up." + i;
            h = graph.leakyRelu(upsample(h, n, stages[i]), n + ".act", 0.1);
        }
        h = conv(graph.leakyRelu(conv(h, "tail.conv1"), "tail.act", 0.1), "tail.conv2");
        return graph.add(h, graph.bilinear(lr, "skip", c.scale()), "skip");
    }

    /** SRGAN's SRResNet: 9×9 head + PReLU, conv–BN–PReLU–conv–BN blocks, conv–BN + global skip, PReLU upsampling, 9×9 tail. */
    private String srResNet(String lr) {
        String head = prelu(conv(lr, "head"), "head.act");
        String h = head;
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b;
            String y = batchNorm(conv(h, n + ".conv1"), n + ".bn1");
            y = batchNorm(conv(prelu(y, n + ".act"), n + ".conv2"), n + ".bn2");
            h = graph.add(h, y, n);
        }
        h = graph.add(head, batchNorm(conv(h, "body.conv"), "body.bn"), "body");
        int[] stages = c.stages();
        for (int i = 0; i < stages.length; i++) {
            String n = "up." + i;
            h = prelu(upsample(h, n, stages[i]), n + ".act");
        }
        return conv(h, "tail");
    }

    /** ESRGAN's RRDBNet, with Real-ESRGAN's pixel-unshuffled input at ×2. */
    private String rrdb(String lr) {
        int a = c.inputAlignment();
        String fea;
        if (a > 1) {
            // ONNX's SpaceToDepth orders channels (i·a + j)·3 + c, PyTorch's pixel_unshuffle (which the
            // weights expect) c·a² + i·a + j: conv_first's input channels are permuted to match
            String x = graph.spaceToDepth(lr, "unshuffle", a);
            fea = graph.conv(x, "conv_first", unshuffledInputs(torchConv("conv_first"), a), weights.get("conv_first.bias"), 1, 1);
        } else {
            fea = conv(lr, "conv_first");
        }
        String h = fea;
        for (int b = 0; b < c.blocks(); b++) {
            String n = "body." + b, x = h;
            for (int d = 1; d <= 3; d++) x = scaledResidual(x, denseBlock(x, n + ".rdb" + d), n + ".rdb" + d);
            h = scaledResidual(h, x, n);
        }
        h = graph.add(fea, conv(h, "conv_body"), "body");
        int[] stages = c.rrdbStages();
        for (int i = 0; i < stages.length; i++) {
            String n = "conv_up" + (i + 1);
            h = graph.leakyRelu(conv(graph.nearest(h, n + ".nearest", stages[i]), n), n + ".act", 0.2);
        }
        h = graph.leakyRelu(conv(h, "conv_hr"), "conv_hr.act", 0.2);
        return conv(h, "conv_last");
    }

    /** ESRGAN's dense block: five convs, each reading the concatenation of the block input and every earlier output. */
    private String denseBlock(String x, String n) {
        List<String> seen = new ArrayList<>(List.of(x));
        for (int k = 1; k <= Generators.RRDB_DENSE_CONVS; k++) {
            String in = seen.size() == 1 ? x : graph.concat(seen, n + ".cat" + k);
            String y = conv(in, n + ".conv" + k);
            if (k == Generators.RRDB_DENSE_CONVS) return y;
            seen.add(graph.leakyRelu(y, n + ".conv" + k + ".act", 0.2));
        }
        throw new IllegalStateException();
    }

    private String scaledResidual(String x, String body, String n) {
        return graph.add(x, graph.scale(body, n + ".scale", Generators.RRDB_RESIDUAL_SCALE), n);
    }

    /** Real-ESRGAN's SRVGGNetCompact plus the nearest-upsampled input. */
    private String srvgg(String lr) {
        String h = lr;
        for (int i = 0; i <= c.blocks(); i++) h = prelu(conv(h, "body." + 2 * i), "body." + (2 * i + 1), "body." + (2 * i + 1) + ".weight");
        h = graph.depthToSpace(conv(h, "body." + (2 * c.blocks() + 2)), "shuffle", c.scale());
        return graph.add(h, graph.nearest(lr, "skip", c.scale()), "skip");
    }

    /** One upsampling stage without its activation (arch/Upsamplers). */
    private String upsample(String h, String n, int factor) {
        return switch (c.upsampler()) {
            case "subpixel" -> graph.depthToSpace(conv(h, n + ".conv"), n + ".shuffle", factor);
            case "transposed" -> {
                // here [k, k, out, in]: read as a [k, k, in', out'] conv it converts to [in, out, k, k], ONNX's layout
                FloatTensor w = TorchLayouts.torchConvWeight(weights.get(n + ".deconv.weight"), 1);
                yield graph.convTranspose(h, n + ".deconv", w, weights.get(n + ".deconv.bias"), factor, factor / 2);
            }
            case "nearest" -> conv(graph.nearest(h, n + ".nearest", factor), n + ".conv");
            default -> throw new IllegalArgumentException("upsampler " + c.upsampler());
        };
    }

    private String conv(String x, String layer) {
        FloatTensor w = torchConv(layer);
        return graph.conv(x, layer, w, weights.get(layer + ".bias"), 1, (int) w.dim(2) / 2);
    }

    private FloatTensor torchConv(String layer) {
        FloatTensor w = weights.get(layer + ".weight");
        if (w == null) throw new IllegalStateException(c.size() + ": no weights for layer " + layer);
        return TorchLayouts.torchConvWeight(w, 1);
    }

    private String prelu(String x, String layer) { return prelu(x, layer, layer + ".alpha"); }

    private String prelu(String x, String layer, String slopes) { return graph.prelu(x, layer, weights.get(slopes)); }

    private String batchNorm(String x, String n) {
        return graph.batchNorm(x, n, weights.get(n + ".gamma"), weights.get(n + ".beta"), weights.get(n + ".running_mean"),
                weights.get(n + ".running_var"), BatchNorm.EPS);
    }

    /** w [out, 3·a², k, k] over pixel_unshuffle's channels → the same over SpaceToDepth's. */
    private static FloatTensor unshuffledInputs(FloatTensor w, int a) {
        int out = (int) w.dim(0), in = (int) w.dim(1), kk = (int) (w.dim(2) * w.dim(3)), ch = in / (a * a);
        float[] dst = new float[w.data().length];
        for (int o = 0; o < out; o++) {
            for (int cc = 0; cc < ch; cc++) {
                for (int s = 0; s < a * a; s++) {
                    System.arraycopy(w.data(), (o * in + cc * a * a + s) * kk, dst, (o * in + s * ch + cc) * kk, kk);
                }
            }
        }
        return new FloatTensor(w.shape(), dst);
    }

    private static FloatTensor floats(INDArray v) {
        try (INDArray f = v.castTo(DataType.FLOAT).dup('c')) {
            return new FloatTensor(f.shape(), f.data().asFloat());
        }
    }
}
