package io.srgan.core.interop;

import io.srgan.core.arch.GeneratorConfig;

/**
 * BasicSR's MSRResNet → this project's {@code msrresnet} (same layers and activations: see
 * Generators#msrResNet). Names: conv_first → head, body.i.conv1/2 unchanged, upconv1/2 →
 * up.0/1.conv (output channels reordered for the depth-to-space), conv_hr → tail.conv1,
 * conv_last → tail.conv2. Scale: upconv1 makes r²·C channels, r = 2 or 3; with upconv2 (r = 2 again) ×4.
 */
final class MsrResNetImport implements ArchImport {
    @Override
    public String description() {
        return "BasicSR MSRResNet (conv_first, body.0.conv1, upconv1, conv_hr, conv_last)";
    }

    @Override
    public boolean recognises(StateDict sd) {
        return sd.has("conv_first.weight") && sd.has("body.0.conv1.weight") && sd.has("upconv1.weight");
    }

    @Override
    public ImportedGenerator map(StateDict sd) throws UnrecognisedModelException {
        String src = sd.source();
        FloatTensor first = sd.require("conv_first.weight");
        FloatTensor up1 = sd.require("upconv1.weight");
        if (first.rank() != 4 || up1.rank() != 4) {
            throw new UnrecognisedModelException(src + ": conv_first/upconv1 weights are " + first.shapeString() + "/" + up1.shapeString() + ", expected 4-d convs");
        }
        long channels = first.dim(0);
        if (first.dim(1) != 3) throw new UnrecognisedModelException(src + ": conv_first reads " + first.dim(1) + " channels; only RGB (3) models are supported");
        long ratio = up1.dim(0) / channels;
        boolean twoStages = sd.has("upconv2.weight");
        int r = ratio == 4 ? 2 : ratio == 9 ? 3 : 0;
        if (r == 0 || up1.dim(0) % channels != 0 || (twoStages && r != 2)) {
            throw new UnrecognisedModelException(src + ": upconv1 makes " + up1.dim(0) + " channels from " + channels
                    + "; BasicSR's MSRResNet makes 4·C (x2, x4) or 9·C (x3)");
        }
        int scale = twoStages ? 4 : r;
        int blocks = ArchImport.countIndexed(sd, "body.", ".conv1.weight");
        ConvMapping convs = new ConvMapping("BasicSR MSRResNet").conv("conv_first", "head", 3, channels);
        for (int b = 0; b < blocks; b++) {
            convs.conv("body." + b + ".conv1", "body." + b + ".conv1", channels, channels);
            convs.conv("body." + b + ".conv2", "body." + b + ".conv2", channels, channels);
        }
        convs.shuffledConv("upconv1", "up.0.conv", channels, channels * r * r, r);
        if (twoStages) convs.shuffledConv("upconv2", "up.1.conv", channels, channels * 4, 2);
        convs.conv("conv_hr", "tail.conv1", channels, channels).conv("conv_last", "tail.conv2", channels, 3);
        return new ImportedGenerator(GeneratorConfig.msrresnet(blocks, (int) channels, scale), convs.apply(sd), src,
                "BasicSR MSRResNet: " + blocks + " blocks, " + channels + " channels, x" + scale);
    }
}
