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

HERE = os.path.dirname(os.path.abspath(__file__))
ANCHOR = os.path.join(HERE, "..", "..", "..", "shared", "anchors", "srgan_bench.py")
# the one PyTorch definition of Real-ESRGAN's SRVGGNetCompact here: the interop fixtures' (act_type='prelu')
FIXTURES = os.path.join(HERE, "..", "src", "test", "resources", "interop", "make_fixtures.py")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def srvgg_forward_macs(lr_h, lr_w, blocks, ch, scale):
    """Closed-form conv MACs of one SRVGGNetCompact forward on one lr_h x lr_w image (all convs at LR)."""
    return lr_h * lr_w * 9 * (3 * ch + blocks * ch * ch + ch * 3 * scale * scale)


def main(argv):
    bench = load("srgan_bench", ANCHOR)
    srvgg = load("make_fixtures", FIXTURES).SRVGGNetCompact
    # the harness builds its default ("srresnet") generator through these two names, as (blocks, channels, scale)
    bench.Generator = lambda blocks, channels, scale: srvgg(channels, blocks, scale)
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
