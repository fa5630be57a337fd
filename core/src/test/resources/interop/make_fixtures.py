#!/usr/bin/python3
"""Writes the PyTorch weight-file fixtures of the io.srgan.core.interop tests, and PyTorch's outputs.

Needs Debian's python3-torch (1.13) and numpy. Run from this folder:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 make_fixtures.py

The reference nets are BasicSR's RRDBNet (ESRGAN), MSRResNet and Real-ESRGAN's SRVGGNetCompact, re-typed here (small sizes) so the
fixtures need no BasicSR install. Weights are seeded PyTorch defaults (uniform ±1/sqrt(fan_in)) times a
gain (×2 RRDBNet, ×1.5 MSRResNet), not BasicSR's ×0.1 init, so every layer visibly moves the output
(output std ≈ 0.2).

Files (each model's output on input.npy, NCHW float32, is out_<model>.npy):
- rrdb_x4_basicsr.pth        zip format, {'params_ema': sd, 'params': a 1-block net}: BasicSR's layout,
                             and the reader must take params_ema
- rrdb_x4_esrgan_legacy.pth  legacy (pre-1.6) format, the original ESRGAN release's names
                             (RRDB_trunk.i.RDBj, trunk_conv, upconv1, HRconv)
- rrdb_x4_oldarch.safetensors F32, the very first ESRGAN release's sequential names (model.N...)
- rrdb_x8_half_module.pth    zip format, HalfStorage, 'module.' prefix, conv_up1..3 (x8); its output is
                             for the top-left 5x6 corner of input.npy
- rrdb_x2_unshuffle.pth      zip format, {'params_ema': sd}: Real-ESRGAN's RealESRGAN_x2plus shape (pixel-unshuffle
                             by 2, conv_first reads 12 channels, then the x4 body); its output is for the top-left
                             10x12 of input.npy (even sides). The 12 input channels of conv_first get very different
                             weights, so a wrong unshuffle channel order changes the output far beyond 1e-4
- rrdb_x1_unshuffle.safetensors F32, Real-ESRGAN's x1 RRDBNet (pixel-unshuffle by 4, conv_first reads 48
                             channels, then the x4 body); its output is for the top-left 8x12 of input.npy
- msrresnet_x4_module.pth    zip format, plain sd with 'module.' prefix; some tensors are views
                             (storage offset, transposed strides) so the reader must honour both
- msrresnet_x2_legacy.pth    legacy format, {'params': sd}
- msrresnet_x2_proto5.pth    zip format written with pickle protocol 5 (FRAME, MEMOIZE, STACK_GLOBAL,
                             SHORT_BINUNICODE: what torch.save's default protocol 2 never uses)
- msrresnet_x2_f16.safetensors F16
- msrresnet_x3_bf16.safetensors BF16
- srvgg_x4_params.pth         zip format, {'params': sd} as Real-ESRGAN releases it: SRVGGNetCompact
                             (num_feat 8, num_conv 3, PReLU slopes seeded per channel)
- srvgg_x2.safetensors       F32, SRVGGNetCompact x2 (num_feat 8, num_conv 3)
Re-running rewrites the legacy files with other bytes (their storage keys are object ids) but the same
weights; every other file comes out identical.
Half/bfloat16 models' references are computed with the rounded weights (in float32), so the Java
side must match to 1e-4 as well.
"""
import json
import struct
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class RDB(nn.Module):
    def __init__(self, c, g):
        super().__init__()
        self.conv1 = nn.Conv2d(c, g, 3, 1, 1)
        self.conv2 = nn.Conv2d(c + g, g, 3, 1, 1)
        self.conv3 = nn.Conv2d(c + 2 * g, g, 3, 1, 1)
        self.conv4 = nn.Conv2d(c + 3 * g, g, 3, 1, 1)
        self.conv5 = nn.Conv2d(c + 4 * g, c, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(0.2)

    def forward(self, x):
        x1 = self.lrelu(self.conv1(x))
        x2 = self.lrelu(self.conv2(torch.cat((x, x1), 1)))
        x3 = self.lrelu(self.conv3(torch.cat((x, x1, x2), 1)))
        x4 = self.lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)))
        x5 = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return x5 * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, c, g):
        super().__init__()
        self.rdb1, self.rdb2, self.rdb3 = RDB(c, g), RDB(c, g), RDB(c, g)

    def forward(self, x):
        return self.rdb3(self.rdb2(self.rdb1(x))) * 0.2 + x


class RRDBNet(nn.Module):
    """BasicSR's RRDBNet (x4; x2 and x1 pixel-unshuffle their input by 2 and 4 first, as rrdbnet_arch.py
    does), with conv_up3 for x8 as the project builds it."""

    def __init__(self, c, b, g, scale):
        super().__init__()
        self.scale = scale
        self.ups = {1: 2, 2: 2, 4: 2, 8: 3}[scale]
        self.unshuffle = {1: 4, 2: 2}.get(scale, 1)
        self.conv_first = nn.Conv2d(3 * self.unshuffle ** 2, c, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(c, g) for _ in range(b)])
        self.conv_body = nn.Conv2d(c, c, 3, 1, 1)
        for i in range(self.ups):
            setattr(self, f"conv_up{i + 1}", nn.Conv2d(c, c, 3, 1, 1))
        self.conv_hr = nn.Conv2d(c, c, 3, 1, 1)
        self.conv_last = nn.Conv2d(c, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(0.2)

    def forward(self, x):
        feat = self.conv_first(F.pixel_unshuffle(x, self.unshuffle) if self.unshuffle > 1 else x)
        feat = feat + self.conv_body(self.body(feat))
        for i in range(self.ups):
            conv = getattr(self, f"conv_up{i + 1}")
            feat = self.lrelu(conv(F.interpolate(feat, scale_factor=2, mode="nearest")))
        return self.conv_last(self.lrelu(self.conv_hr(feat)))


class ResidualBlockNoBN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, 1, 1)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1)
        self.relu = nn.ReLU()

    def forward(self, x):
        return x + self.conv2(self.relu(self.conv1(x)))


class MSRResNet(nn.Module):
    """BasicSR's MSRResNet (basicsr/archs/srresnet_arch.py)."""

    def __init__(self, c, b, upscale):
        super().__init__()
        self.upscale = upscale
        self.conv_first = nn.Conv2d(3, c, 3, 1, 1)
        self.body = nn.Sequential(*[ResidualBlockNoBN(c) for _ in range(b)])
        if upscale in (2, 3):
            self.upconv1 = nn.Conv2d(c, c * upscale * upscale, 3, 1, 1)
            self.pixel_shuffle = nn.PixelShuffle(upscale)
        else:
            self.upconv1 = nn.Conv2d(c, c * 4, 3, 1, 1)
            self.upconv2 = nn.Conv2d(c, c * 4, 3, 1, 1)
            self.pixel_shuffle = nn.PixelShuffle(2)
        self.conv_hr = nn.Conv2d(c, c, 3, 1, 1)
        self.conv_last = nn.Conv2d(c, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(0.1)

    def forward(self, x):
        out = self.body(self.lrelu(self.conv_first(x)))
        out = self.lrelu(self.pixel_shuffle(self.upconv1(out)))
        if self.upscale == 4:
            out = self.lrelu(self.pixel_shuffle(self.upconv2(out)))
        out = self.conv_last(self.lrelu(self.conv_hr(out)))
        return out + F.interpolate(x, scale_factor=self.upscale, mode="bilinear", align_corners=False)


class SRVGGNetCompact(nn.Module):
    """Real-ESRGAN's SRVGGNetCompact (realesrgan/archs/srvgg_arch.py), act_type='prelu'."""

    def __init__(self, num_feat, num_conv, upscale):
        super().__init__()
        self.upscale = upscale
        self.body = nn.ModuleList([nn.Conv2d(3, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)])
        for _ in range(num_conv):
            self.body.extend([nn.Conv2d(num_feat, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)])
        self.body.append(nn.Conv2d(num_feat, 3 * upscale * upscale, 3, 1, 1))
        self.upsampler = nn.PixelShuffle(upscale)

    def forward(self, x):
        out = x
        for layer in self.body:
            out = layer(out)
        return self.upsampler(out) + F.interpolate(x, scale_factor=self.upscale, mode="nearest")


def seeded(net, seed, gain=1.0):
    """Convs at PyTorch's default init times gain; PReLU slopes drawn per channel from [0.05, 0.5],
    so that a slope on the wrong channel shows."""
    torch.manual_seed(seed)
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            m.reset_parameters()
            with torch.no_grad():
                m.weight.mul_(gain)
                m.bias.mul_(gain)
        elif isinstance(m, nn.PReLU):
            with torch.no_grad():
                m.weight.uniform_(0.05, 0.5)
    return net.eval()


def rounded(net, dtype):
    """The net with its weights rounded to dtype (kept in float32), as a half file holds them."""
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(p.to(dtype).float())
    return net


def esrgan_names(sd):
    """BasicSR names → the original ESRGAN release's (RRDBNet_arch.py)."""
    out = OrderedDict()
    for k, v in sd.items():
        k = k.replace("body.", "RRDB_trunk.", 1) if k.startswith("body.") else k
        k = k.replace(".rdb", ".RDB").replace("conv_body", "trunk_conv").replace("conv_up", "upconv")
        k = k.replace("conv_hr", "HRconv")
        out[k] = v
    return out


def old_arch_names(sd, blocks, ups):
    """BasicSR names → the first ESRGAN release's sequential model.N names."""
    out = OrderedDict()
    for k, v in sd.items():
        name, kind = k.rsplit(".", 1)
        if name == "conv_first":
            n = "model.0"
        elif name.startswith("body."):
            _, i, rdb, conv = name.split(".")
            n = f"model.1.sub.{i}.RDB{rdb[3:]}.{conv}.0"
        elif name == "conv_body":
            n = f"model.1.sub.{blocks}"
        elif name.startswith("conv_up"):
            n = f"model.{3 * int(name[7:])}"
        elif name == "conv_hr":
            n = f"model.{3 * ups + 2}"
        else:
            n = f"model.{3 * ups + 4}"
        out[f"{n}.{kind}"] = v
    return out


def module_prefixed(sd):
    return OrderedDict(("module." + k, v) for k, v in sd.items())


def save_safetensors(path, sd, dtype):
    code = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[dtype]
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for k, v in sd.items():
        t = v.detach().to(dtype).contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if dtype == torch.bfloat16 else t.numpy().tobytes()
        header[k] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def save_output(name, net, x):
    with torch.no_grad():
        y = net(x)
    np.save(f"out_{name}.npy", y.numpy().astype(np.float32))
    return y


def main():
    torch.manual_seed(0)
    x = torch.rand(1, 3, 11, 13)
    np.save("input.npy", x.numpy())

    net = seeded(RRDBNet(c=8, b=2, g=4, scale=4), 1, gain=2.0)
    decoy = seeded(RRDBNet(c=8, b=1, g=4, scale=4), 2)  # other hyper-parameters: taking it shows
    save_output("rrdb_x4", net, x)
    torch.save({"params_ema": net.state_dict(), "params": decoy.state_dict()}, "rrdb_x4_basicsr.pth")
    torch.save(esrgan_names(net.state_dict()), "rrdb_x4_esrgan_legacy.pth", _use_new_zipfile_serialization=False)
    save_safetensors("rrdb_x4_oldarch.safetensors", old_arch_names(net.state_dict(), 2, 2), torch.float32)

    net8 = rounded(seeded(RRDBNet(c=8, b=1, g=4, scale=8), 3, gain=2.0), torch.float16)
    save_output("rrdb_x8", net8, x[:, :, :5, :6])  # a corner of the input keeps the x8 output small
    torch.save(module_prefixed(OrderedDict((k, v.half()) for k, v in net8.state_dict().items())), "rrdb_x8_half_module.pth")

    net2 = seeded(RRDBNet(c=8, b=1, g=4, scale=2), 8, gain=2.0)
    save_output("rrdb_x2", net2, x[:, :, :10, :12])
    torch.save({"params_ema": net2.state_dict()}, "rrdb_x2_unshuffle.pth")

    net1 = seeded(RRDBNet(c=8, b=1, g=4, scale=1), 10, gain=2.0)
    save_output("rrdb_x1", net1, x[:, :, :8, :12])
    save_safetensors("rrdb_x1_unshuffle.safetensors", net1.state_dict(), torch.float32)

    msr4 = seeded(MSRResNet(c=8, b=2, upscale=4), 4, gain=1.5)
    save_output("msrresnet_x4", msr4, x)
    sd = module_prefixed(msr4.state_dict())
    with torch.no_grad():  # views: the saved storages are bigger than the tensors, with offsets and strides
        w = sd["module.conv_hr.weight"]
        big = torch.zeros(2 * w.numel() + 7)
        big[7:7 + w.numel()] = w.flatten()
        sd["module.conv_hr.weight"] = big[7:7 + w.numel()].view(w.shape)
        t = sd["module.conv_last.weight"]
        sd["module.conv_last.weight"] = t.permute(1, 0, 2, 3).contiguous().permute(1, 0, 2, 3)
        assert not sd["module.conv_last.weight"].is_contiguous()
    torch.save(sd, "msrresnet_x4_module.pth")

    msr2 = seeded(MSRResNet(c=8, b=1, upscale=2), 5, gain=1.5)
    save_output("msrresnet_x2", msr2, x)
    torch.save({"params": msr2.state_dict()}, "msrresnet_x2_legacy.pth", _use_new_zipfile_serialization=False)
    torch.save(msr2.state_dict(), "msrresnet_x2_proto5.pth", pickle_protocol=5)

    msr2h = rounded(seeded(MSRResNet(c=8, b=1, upscale=2), 6, gain=1.5), torch.float16)
    save_output("msrresnet_x2_f16", msr2h, x)
    save_safetensors("msrresnet_x2_f16.safetensors", msr2h.state_dict(), torch.float16)

    msr3 = rounded(seeded(MSRResNet(c=8, b=1, upscale=3), 7, gain=1.5), torch.bfloat16)
    y = save_output("msrresnet_x3_bf16", msr3, x)
    save_safetensors("msrresnet_x3_bf16.safetensors", msr3.state_dict(), torch.bfloat16)
    base = F.interpolate(x, scale_factor=3, mode="bilinear", align_corners=False)
    print("msrresnet x3 residual std", float((y - base).std()), "output std", float(y.std()))

    vgg4 = seeded(SRVGGNetCompact(num_feat=8, num_conv=3, upscale=4), 8, gain=1.5)
    save_output("srvgg_x4", vgg4, x)
    torch.save({"params": vgg4.state_dict()}, "srvgg_x4_params.pth")
    vgg2 = seeded(SRVGGNetCompact(num_feat=8, num_conv=3, upscale=2), 9, gain=1.5)
    y = save_output("srvgg_x2", vgg2, x)
    save_safetensors("srvgg_x2.safetensors", vgg2.state_dict(), torch.float32)
    base = F.interpolate(x, scale_factor=2, mode="nearest")
    print("srvgg x2 residual std", float((y - base).std()), "output std", float(y.std()))

if __name__ == "__main__":
    main()
