#!/usr/bin/python3
"""Loads the files `srgan export` wrote (exported_*, written by TorchExportCompatibilityTest) with PyTorch,
as BasicSR and Real-ESRGAN load weights, and writes each net's output for TorchExportCompatibilityTest.

Needs Debian's python3-torch (1.13) and numpy. Run from this folder, after make_fixtures.py:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 check_exports.py

- .pth: torch.load(weights_only=True) (only tensors, OrderedDicts and torch's rebuild functions: what
  torch.save writes for a state dict), then Real-ESRGAN's key choice ('params_ema' if present, else
  'params'), then a strict load_state_dict into make_fixtures.py's reference net.
- .safetensors: parsed here with numpy (the safetensors package is not in Debian), then the same.
Outputs: out_exported_<model>.npy (NCHW float32). Each is also compared with the output of the PyTorch
file the export started from (out_<model>.npy), which must agree to 1e-5.
"""
import json
import struct
from collections import OrderedDict

import numpy as np
import torch

from make_fixtures import MSRResNet, RRDBNet

# exported file, reference net, input crop (rows, cols), the original fixture's output
EXPORTS = [
    ("exported_rrdb_x2.pth", lambda: RRDBNet(c=8, b=1, g=4, scale=2), (10, 12), "out_rrdb_x2.npy"),
    ("exported_msrresnet_x3.pth", lambda: MSRResNet(c=8, b=1, upscale=3), None, "out_msrresnet_x3_bf16.npy"),
    ("exported_msrresnet_x4.safetensors", lambda: MSRResNet(c=8, b=2, upscale=4), None, "out_msrresnet_x4.npy"),
]


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    sd = OrderedDict()
    for k, v in header.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32", v
        a, b = v["data_offsets"]
        sd[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").reshape(v["shape"]).copy())
    return sd


def load(path):
    if path.endswith(".safetensors"):
        return load_safetensors(path)
    loadnet = torch.load(path, map_location="cpu", weights_only=True)
    keyname = "params_ema" if "params_ema" in loadnet else "params"  # realesrgan/utils.py
    print(path, "wrapper", list(loadnet.keys()), "->", keyname)
    return loadnet[keyname]


def main():
    x = torch.from_numpy(np.load("input.npy"))
    for path, make, crop, original in EXPORTS:
        net = make().eval()
        net.load_state_dict(load(path), strict=True)
        xin = x[:, :, :crop[0], :crop[1]] if crop else x
        with torch.no_grad():
            y = net(xin).numpy().astype(np.float32)
        np.save("out_" + path.rsplit(".", 1)[0] + ".npy", y)
        diff = float(np.abs(y - np.load(original)).max())
        print(path, "output", y.shape, "max |diff| to", original, diff)
        assert diff <= 1e-5, (path, diff)


if __name__ == "__main__":
    main()
