package io.srgan.core.interop;

import io.srgan.core.arch.GeneratorConfig;

/**
 * ESRGAN's RRDBNet (BasicSR, Real-ESRGAN, the original ESRGAN and its first release, BSRGAN,
 * RealSR) → this project's {@code rrdb}, whose parameter names are BasicSR's: only the conv layout
 * changes. Blocks B, channels C, growth G and the scale (one nearest-×2 stage per conv_upN) are
 * read off the shapes. Real-ESRGAN's ×2 model (RealESRGAN_x2plus) pixel-unshuffles the input by 2
 * first (conv_first reads 3·4 channels) and then runs the ×4 network, its ×1 model likewise by 4
 * (3·16 channels): the project's rrdb ×2 and ×1 are exactly that. The old-arch "1x" models (no
 * upsampling convs at all) are another network and refused.
 */
final class RrdbImport implements ArchImport {
    private static final int DENSE_CONVS = 5;

    @Override
    public String description() {
        return "ESRGAN RRDBNet (conv_first + body.0.rdb1.conv1, or RRDB_trunk.0.RDB1.conv1, or model.0 + model.1.sub.0.RDB1.conv1.0)";
    }

    @Override
    public boolean recognises(StateDict sd) {
        return EsrganNames.isBasicSr(sd) || EsrganNames.isOriginal(sd) || EsrganNames.isOldArch(sd);
    }

    @Override
    public ImportedGenerator map(StateDict original) throws UnrecognisedModelException {
        String src = original.source();
        if (EsrganNames.isPlus(original)) throw new UnrecognisedModelException(src + ": ESRGAN+ (dense blocks with conv1x1) is not supported");
        EsrganNames.Renamed renamed = EsrganNames.toBasicSr(original);
        StateDict sd = renamed.dict();
        FloatTensor first = sd.require("conv_first.weight");
        if (first.rank() != 4) throw new UnrecognisedModelException(src + ": conv_first.weight has shape " + first.shapeString() + ", expected [C, 3, 3, 3]");
        long channels = first.dim(0), in = first.dim(1);
        if (in != 3 && in != 12 && in != 48) {
            throw new UnrecognisedModelException(src + ": conv_first reads " + in + " channels; only RGB models are supported"
                    + " (3 channels, or 12 and 48 for Real-ESRGAN's x2 and x1, pixel-unshuffled by 2 and 4)");
        }
        int unshuffle = in == 12 ? 2 : in == 48 ? 4 : 1;
        boolean unshuffled = unshuffle > 1;
        int blocks = ArchImport.countIndexed(sd, "body.", ".rdb1.conv1.weight");
        if (EsrganNames.isOldArch(original) && EsrganNames.oldTrunkIndex(original) != blocks) {
            throw new UnrecognisedModelException(src + ": " + blocks + " RRDBs but the trunk conv is model.1.sub." + EsrganNames.oldTrunkIndex(original)
                    + ", expected model.1.sub." + blocks);
        }
        FloatTensor dense = sd.require("body.0.rdb1.conv1.weight");
        if (dense.rank() != 4) throw new UnrecognisedModelException(src + ": body.0.rdb1.conv1.weight has shape " + dense.shapeString() + ", expected [G, C, 3, 3]");
        long growth = dense.dim(0);
        int stages = countUp(sd);
        if (unshuffled ? stages != 2 : stages != 2 && stages != 3) {
            throw new UnrecognisedModelException(src + ": RRDBNet with " + stages + " ×2 upsampling convs"
                    + (unshuffled ? " after a pixel-unshuffle by " + unshuffle + "; Real-ESRGAN's x" + (4 / unshuffle) + " has 2"
                    : " (x" + (1 << stages) + "); the project's rrdb builds x4 and x8 (and x2, x1 by pixel-unshuffle)"
                    + (stages == 0 ? "; an old-arch 1x model without upsampling convs is another network" : "")));
        }
        int scale = unshuffled ? 4 / unshuffle : 1 << stages;
        ConvMapping convs = new ConvMapping("ESRGAN RRDBNet (" + renamed.naming() + ")").conv("conv_first", "conv_first", in, channels);
        for (int b = 0; b < blocks; b++) {
            for (int d = 1; d <= 3; d++) {
                for (int k = 1; k <= DENSE_CONVS; k++) {
                    String name = "body." + b + ".rdb" + d + ".conv" + k;
                    convs.conv(name, name, channels + (k - 1) * growth, k == DENSE_CONVS ? channels : growth);
                }
            }
        }
        convs.conv("conv_body", "conv_body", channels, channels);
        for (int i = 1; i <= stages; i++) convs.conv("conv_up" + i, "conv_up" + i, channels, channels);
        convs.conv("conv_hr", "conv_hr", channels, channels).conv("conv_last", "conv_last", channels, 3);
        GeneratorConfig config = GeneratorConfig.rrdb(blocks, (int) channels, (int) growth, scale);
        return new ImportedGenerator(config, convs.apply(sd), src,
                "ESRGAN RRDBNet, " + renamed.naming() + ": " + blocks + " blocks, " + channels + " channels, growth " + growth + ", x" + scale
                + (unshuffled ? " (pixel-unshuffle by " + unshuffle + ", as Real-ESRGAN's x" + scale + ")" : ""));
    }

    /** conv_up1, conv_up2, … (BasicSR numbers them from 1). */
    private static int countUp(StateDict sd) {
        int n = 0;
        while (sd.has("conv_up" + (n + 1) + ".weight")) n++;
        return n;
    }
}
