package io.srgan.core.interop;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.nn.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator's weights as the BasicSR state dict it corresponds to (BasicSR's names, PyTorch's
 * layouts): the inverse of {@link ArchDetector#detect}. rrdb keeps its names (they are BasicSR's);
 * msrresnet's are renamed back and its up-convs' output channels reordered for PyTorch's
 * PixelShuffle. Refused: srresnet (BatchNorm, PReLU and 9×9 convs: no community PyTorch architecture
 * holds it) and msrresnet with a transposed/nearest upsampler or ×8 (BasicSR's MSRResNet has
 * sub-pixel ×2/×3/×4 only).
 */
public final class StateDictExport {
    private StateDictExport() {}

    /**
     * The state dict of {@code g}; checked by importing it back, so whatever is exported is what
     * {@link ArchDetector} (and PyTorch's net of the same config) reads as the same generator.
     *
     * @param source the model, for messages
     */
    public static StateDict of(Generator g, String source) {
        GeneratorConfig c = g.config();
        refuseUnexportable(c, source);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Param> e : g.params().entrySet()) {
            FloatTensor t = floats(e.getValue().value());
            String name = e.getKey();
            int dot = name.lastIndexOf('.');
            String layer = name.substring(0, dot), kind = name.substring(dot + 1);
            String torchLayer = c.arch().equals("msrresnet") ? msrResNetName(layer) : layer; // rrdb, srvgg: the same names
            int r = shuffleBefore(c, layer);
            FloatTensor converted = t.rank() == 4 ? TorchLayouts.torchConvWeight(t, r) : TorchLayouts.torchBias(t, r);
            out.put(torchLayer + "." + kind, converted);
        }
        StateDict sd = new StateDict(source, out);
        GeneratorConfig back;
        try {
            back = ArchDetector.detect(sd).config();
        } catch (UnrecognisedModelException e) {
            throw new IllegalStateException(source + ": the exported state dict does not import back: " + e.getMessage(), e);
        }
        if (!back.equals(c)) throw new IllegalStateException(source + ": the exported state dict imports back as " + back + ", not " + c);
        return sd;
    }

    private static void refuseUnexportable(GeneratorConfig c, String source) {
        switch (c.arch()) {
            case "rrdb", "srvgg" -> { }
            case "msrresnet" -> {
                if (!c.upsampler().equals("subpixel") || c.scale() == 8) {
                    throw new IllegalArgumentException(source + ": msrresnet with upsampler '" + c.upsampler() + "' x" + c.scale()
                            + " has no BasicSR equivalent (BasicSR's MSRResNet is sub-pixel x2, x3 or x4)");
                }
            }
            default -> throw new IllegalArgumentException(source + ": " + c.arch() + " has no community PyTorch format to export to"
                    + " (SRResNet's BatchNorm, PReLU and 9x9 convs are in no BasicSR/Real-ESRGAN architecture); rrdb, msrresnet and srvgg export"
                    + " to .pth/.safetensors, every arch to .onnx");
        }
    }

    /**
     * The pixel-shuffle factor after {@code layer} (its output channels are in this project's depth-to-space
     * order and go back to PyTorch's), or 1: msrresnet's up-convs, srvgg's last conv.
     */
    private static int shuffleBefore(GeneratorConfig c, String layer) {
        return switch (c.arch()) {
            case "msrresnet" -> !layer.startsWith("up.") ? 1 : c.scale() == 3 ? 3 : 2;
            case "srvgg" -> layer.equals("body." + (2 * c.blocks() + 2)) ? c.scale() : 1;
            default -> 1;
        };
    }

    /** This project's msrresnet layer → BasicSR's MSRResNet layer (MsrResNetImport's mapping, reversed). */
    private static String msrResNetName(String layer) {
        return switch (layer) {
            case "head" -> "conv_first";
            case "up.0.conv" -> "upconv1";
            case "up.1.conv" -> "upconv2";
            case "tail.conv1" -> "conv_hr";
            case "tail.conv2" -> "conv_last";
            default -> layer; // body.i.conv1/2
        };
    }

    private static FloatTensor floats(INDArray v) {
        try (INDArray f = v.castTo(DataType.FLOAT).dup('c')) {
            return new FloatTensor(f.shape(), f.data().asFloat());
        }
    }
}
