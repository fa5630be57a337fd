#!/usr/bin/python3
"""Writes the fixture of io.srgan.core.arch.Vgg128DiscriminatorParityTest: a small ESRGAN discriminator
(BasicSR's VGGStyleDiscriminator, basicsr/archs/discriminator_arch.py, re-typed here with num_feat=2,
input_size=128 so that no BasicSR install is needed) and its outputs.

Needs Debian's python3-torch (1.13) and numpy. Run from this folder:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 make_vgg_discriminator_fixture.py

Files:
- vgg128_d.safetensors      F32, the state dict under BasicSR's names (num_batches_tracked left out).
                            Seeded PyTorch-default weights ×2, batch-norm weight/bias/running stats
                            drawn away from their defaults, so that each of them moves the output.
- out_vgg128_d.npy          float64 [2, 1]: logits in train mode (batch statistics), in double precision
                            from the float32 weights, on the input below
- out_vgg128_d_eval.npy     float64 [2, 1]: logits in eval mode (running statistics)
- feat_vgg128_d_conv2_1.npy float64 [2, 8, 16, 16] NCHW: the output of conv2_1 → bn2_1 → LeakyReLU in
                            train mode (the Java side's feature 5)
The input is not stored: x[n, c, h, w] = 0.5 + 0.25 sin(0.31h + 0.53w + 0.9c + 1.7n)
                                             + 0.2 sin(0.071hw + 0.37ch − 0.23nw), float64, N = 2, 128×128.
Re-running writes identical files.
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn


class VGGStyleDiscriminator(nn.Module):
    def __init__(self, num_in_ch, num_feat, input_size=128):
        super().__init__()
        assert input_size in (128, 256)
        self.input_size = input_size
        self.conv0_0 = nn.Conv2d(num_in_ch, num_feat, 3, 1, 1, bias=True)
        self.conv0_1 = nn.Conv2d(num_feat, num_feat, 4, 2, 1, bias=False)
        self.bn0_1 = nn.BatchNorm2d(num_feat, affine=True)
        stages = 6 if input_size == 256 else 5
        c = num_feat
        for s in range(1, stages):
            out = num_feat * min(2 ** s, 8)
            setattr(self, f"conv{s}_0", nn.Conv2d(c, out, 3, 1, 1, bias=False))
            setattr(self, f"bn{s}_0", nn.BatchNorm2d(out, affine=True))
            setattr(self, f"conv{s}_1", nn.Conv2d(out, out, 4, 2, 1, bias=False))
            setattr(self, f"bn{s}_1", nn.BatchNorm2d(out, affine=True))
            c = out
        self.stages = stages
        self.linear1 = nn.Linear(num_feat * 8 * 4 * 4, 100)
        self.linear2 = nn.Linear(100, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2)

    def forward(self, x, taps=None):
        assert x.size(2) == self.input_size and x.size(3) == self.input_size
        feat = self.lrelu(self.conv0_0(x))
        feats = [feat]
        feat = self.lrelu(self.bn0_1(self.conv0_1(feat)))
        feats.append(feat)
        for s in range(1, self.stages):
            feat = self.lrelu(getattr(self, f"bn{s}_0")(getattr(self, f"conv{s}_0")(feat)))
            feats.append(feat)
            feat = self.lrelu(getattr(self, f"bn{s}_1")(getattr(self, f"conv{s}_1")(feat)))
            feats.append(feat)
        feat = feat.view(feat.size(0), -1)  # NCHW: (c, h, w) order
        out = self.linear2(self.lrelu(self.linear1(feat)))
        if taps is not None:
            taps.extend(feats)
        return out


def seeded(net, seed):
    torch.manual_seed(seed)
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            m.reset_parameters()
            with torch.no_grad():
                m.weight.mul_(2.0)
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    return net


def save_safetensors(path, sd):
    header, blobs, offset = {}, [], 0
    for name, t in sd.items():
        if name.endswith("num_batches_tracked"):
            continue
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def fixture_input(n=2, size=128):
    nn_, c, h, w = np.meshgrid(np.arange(n), np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    return (0.5 + 0.25 * np.sin(0.31 * h + 0.53 * w + 0.9 * c + 1.7 * nn_)
            + 0.2 * np.sin(0.071 * h * w + 0.37 * c * h - 0.23 * nn_ * w))


def main():
    net = seeded(VGGStyleDiscriminator(3, 2, 128), 11)
    save_safetensors("vgg128_d.safetensors", net.state_dict())
    net = net.double()
    x = torch.from_numpy(fixture_input())
    with torch.no_grad():
        net.eval()
        out_eval = net(x)
        net.train()
        taps = []
        out_train = net(x, taps)
    np.save("out_vgg128_d.npy", out_train.numpy())
    np.save("out_vgg128_d_eval.npy", out_eval.numpy())
    np.save("feat_vgg128_d_conv2_1.npy", taps[5].numpy())
    print("train logits", out_train.flatten().tolist(), "eval logits", out_eval.flatten().tolist())
    print("tap 5", tuple(taps[5].shape), "std", float(taps[5].std()))


if __name__ == "__main__":
    main()
