package io.srgan.core.interop;

import io.srgan.core.arch.GeneratorConfig;

/**
 * Real-ESRGAN's SRVGGNetCompact (realesr-animevideov3, realesr-general-x4v3) → this project's
 * {@code srvgg}, whose names are Real-ESRGAN's {@code body.N}: convs at even N, PReLU slopes at odd
 * N. Read off the shapes: num_feat = body.0's outputs, num_conv = (last conv index) / 2 − 1, the
 * scale s from the last conv's 3·s² outputs, whose channels are reordered for this project's
 * depth-to-space. Only act_type 'prelu' (the released models) is built: relu and leakyrelu have no
 * parameters, so their dicts lack the odd {@code body.N.weight} and are refused by that.
 */
final class SrvggImport implements ArchImport {
    private static final String ARCH = "Real-ESRGAN SRVGGNetCompact";

    @Override
    public String description() {
        return ARCH + " (body.0 conv, body.1 PReLU, …, body.2k convs)";
    }

    @Override
    public boolean recognises(StateDict sd) {
        return sd.has("body.0.weight") && sd.has("body.2.weight");
    }

    @Override
    public ImportedGenerator map(StateDict sd) throws UnrecognisedModelException {
        String src = sd.source();
        FloatTensor first = sd.require("body.0.weight");
        if (first.rank() != 4) throw new UnrecognisedModelException(src + ": body.0.weight has shape " + first.shapeString() + ", expected a conv [C, 3, 3, 3]");
        long channels = first.dim(0);
        if (first.dim(1) != 3) throw new UnrecognisedModelException(src + ": body.0 reads " + first.dim(1) + " channels; only RGB (3) models are supported");
        if (!sd.has("body.1.weight")) {
            throw new UnrecognisedModelException(src + ": " + ARCH + " without PReLU slopes (no body.1.weight: act_type relu or leakyrelu)"
                    + " is not supported; only act_type 'prelu', as the released models");
        }
        int last = 2 * (convCount(sd) - 1);
        FloatTensor tail = sd.require("body." + last + ".weight");
        long out = tail.rank() == 4 ? tail.dim(0) : 0;
        int scale = (int) Math.round(Math.sqrt(out / 3.0));
        if (out != 3L * scale * scale || scale < 2) {
            throw new UnrecognisedModelException(src + ": the last conv body." + last + " makes " + out + " channels ("
                    + tail.shapeString() + "); SRVGGNetCompact's makes 3·s² for an RGB ×s model");
        }
        int convs = last / 2 - 1;
        ConvMapping mapping = new ConvMapping(ARCH).conv("body.0", "body.0", 3, channels).prelu("body.1", "body.1", channels);
        for (int i = 1; i <= convs; i++) {
            mapping.conv("body." + 2 * i, "body." + 2 * i, channels, channels).prelu("body." + (2 * i + 1), "body." + (2 * i + 1), channels);
        }
        mapping.shuffledConv("body." + last, "body." + last, channels, out, scale);
        return new ImportedGenerator(GeneratorConfig.srvgg(convs, (int) channels, scale), mapping.apply(sd), src,
                ARCH + ": " + convs + " body convs, " + channels + " channels, PReLU, x" + scale);
    }

    /** Convs body.0, body.2, … without a gap (the activations between them are at the odd indices). */
    private static int convCount(StateDict sd) {
        int n = 0;
        while (sd.has("body." + 2 * n + ".weight")) n++;
        return n;
    }
}
