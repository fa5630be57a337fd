#!/usr/bin/env python3
"""Writes interpolate_reference.txt: torch F.interpolate outputs that InterpolateTest compares with.

Run from this directory (needs PyTorch; CI does not, it reads the committed .txt):
    python3 interpolate_reference.py > interpolate_reference.txt
Input: a 3 x 5 x 7 image, x[c, y, x] = ((7y + 3x + 11c) mod 17) / 16, which the test rebuilds.
Each line: kind mode arg1 arg2 outH outW, then the output in HWC order.
  size   -> F.interpolate(x, size=(arg1, arg2), mode)
  factor -> F.interpolate(x, scale_factor=arg1, mode)   (arg2 unused, 0)
"""
import torch
import torch.nn.functional as F

C, H, W = 3, 5, 7
x = torch.tensor([[[((7 * y + 3 * xx + 11 * c) % 17) / 16.0 for xx in range(W)] for y in range(H)]
                  for c in range(C)], dtype=torch.float32).unsqueeze(0)

print('# torch', torch.__version__, '; see interpolate_reference.py')
for mode in ('area', 'bilinear', 'bicubic'):
    for (oh, ow) in ((3, 4), (2, 3), (9, 11), (5, 7), (4, 13)):
        kw = {} if mode == 'area' else {'align_corners': False}
        out = F.interpolate(x, size=(oh, ow), mode=mode, **kw)[0].permute(1, 2, 0).reshape(-1)
        print('size', mode, oh, ow, oh, ow, ' '.join(repr(float(v)) for v in out))
    for f in (0.73, 0.4, 1.37, 2.5):
        kw = {} if mode == 'area' else {'align_corners': False}
        out = F.interpolate(x, scale_factor=f, mode=mode, **kw)[0]
        oh, ow = out.shape[1], out.shape[2]
        out = out.permute(1, 2, 0).reshape(-1)
        print('factor', mode, f, 0, oh, ow, ' '.join(repr(float(v)) for v in out))
