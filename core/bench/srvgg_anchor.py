#!/usr/bin/python3
"""PyTorch speed reference for Real-ESRGAN's SRVGGNetCompact, which ../shared/anchors/srgan_bench.py
does not build: that script's harness (same phases, timing, discriminator, FLOP count and JSON line)
with SRVGGNetCompact (PReLU; realesr-general-x4v3 is num_feat 64, num_conv 32) as the generator.

Usage: /usr/bin/python3 core/bench/srvgg_anchor.py [srgan_bench.py's options] (--blocks = num_conv,
--channels = num_feat; any --arch is replaced). core/bench/speed_benchmark.py --arch srvgg runs it.
"""
import importlib.util
import os
import sys

import torch.nn as nn
import torch.nn.functional as F

ANCHOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "anchors", "srgan_bench.py")


class SRVGGNetCompact(nn.Module):
    """Real-ESRGAN's srvgg_arch.SRVGGNetCompact with act_type='prelu', as its paper release builds it."""

    def __init__(self, num_conv, num_feat, upscale):
        super().__init__()
        self.upscale = upscale
        body = [nn.Conv2d(3, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)]
        for _ in range(num_conv):
            body += [nn.Conv2d(num_feat, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)]
        body.append(nn.Conv2d(num_feat, 3 * upscale * upscale, 3, 1, 1))
        self.body = nn.ModuleList(body)
        self.upsampler = nn.PixelShuffle(upscale)

    def forward(self, x):
        out = x
        for layer in self.body:
            out = layer(out)
        return self.upsampler(out) + F.interpolate(x, scale_factor=self.upscale, mode="nearest")


def srvgg_forward_macs(lr_h, lr_w, blocks, ch, scale):
    """Closed-form conv MACs of one SRVGGNetCompact forward on one lr_h x lr_w image (all convs at LR)."""
    return lr_h * lr_w * 9 * (3 * ch + blocks * ch * ch + ch * 3 * scale * scale)


def main(argv):
    spec = importlib.util.spec_from_file_location("srgan_bench", ANCHOR)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # the harness builds its default ("srresnet") generator through these two names
    bench.Generator = SRVGGNetCompact
    bench.g_forward_macs = srvgg_forward_macs
    args, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--arch":
            skip = True
        elif not a.startswith("--arch="):
            args.append(a)
    return bench.main(args + ["--arch", "srresnet", "--label", "srvgg (SRVGGNetCompact, PReLU)"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
