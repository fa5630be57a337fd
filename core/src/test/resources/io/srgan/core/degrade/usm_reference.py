#!/usr/bin/env python3
"""Writes usm_reference.txt: BasicSR's USMSharp (img_process_util.py) in torch, for UnsharpMaskTest.

Run from this directory (needs PyTorch and numpy; CI reads the committed .txt):
    /usr/bin/python3 usm_reference.py > usm_reference.txt
The kernel is OpenCV's getGaussianKernel(51, 0) by its documented formula (OpenCV itself is not
installed here): sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8, G_i = a * exp(-(i - (ksize-1)/2)^2 / (2 sigma^2)).
filter2D and the forward are BasicSR's: reflect pad by k // 2, conv2d per channel, then
mask = |img - blur| * 255 > 10, soft = filter2D(mask), sharp = clip(img + 0.5 residual, 0, 1),
out = soft * sharp + (1 - soft) * img.
Input: a 3 x 30 x 34 image, x[c, y, x] = ((5y + 3x + 7c) mod 23) / 22 for x < 17, else
((y * x + 2c) mod 5) / 4 (a ramp pattern beside a coarse one: edges above and below the threshold),
which the test rebuilds. Output lines: the sharpened image in HWC order, then the mask.
"""
import numpy as np
import torch
import torch.nn.functional as F

C, H, W, K = 3, 30, 34, 51


def value(c, y, x):
    return ((5 * y + 3 * x + 7 * c) % 23) / 22.0 if x < 17 else ((y * x + 2 * c) % 5) / 4.0


img = torch.tensor([[[value(c, y, x) for x in range(W)] for y in range(H)] for c in range(C)],
                   dtype=torch.float32).unsqueeze(0)
sigma = 0.3 * ((K - 1) * 0.5 - 1) + 0.8
g = np.exp(-((np.arange(K) - (K - 1) / 2.0) ** 2) / (2 * sigma * sigma))
g = (g / g.sum()).reshape(K, 1)
kernel = torch.FloatTensor(np.dot(g, g.transpose())).unsqueeze_(0)


def filter2d(x, k):
    b, c, h, w = x.size()
    pad = k.size(-1) // 2
    x = F.pad(x, (pad, pad, pad, pad), mode='reflect')
    x = x.view(b * c, 1, h + 2 * pad, w + 2 * pad)
    return F.conv2d(x, k.view(1, 1, K, K), padding=0).view(b, c, h, w)


blur = filter2d(img, kernel)
residual = img - blur
mask = (torch.abs(residual) * 255 > 10).float()
soft = filter2d(mask, kernel)
sharp = torch.clip(img + 0.5 * residual, 0, 1)
out = soft * sharp + (1 - soft) * img
print('# torch', torch.__version__, '; see usm_reference.py')
print(' '.join(repr(float(v)) for v in out[0].permute(1, 2, 0).reshape(-1)))
print(' '.join(str(int(v)) for v in mask[0].permute(1, 2, 0).reshape(-1)))
