#!/usr/bin/python3
"""Writes the CMYK and YCCK JPEG fixtures of JpegCmykTest and Pillow's RGB conversion of each.

Needs Debian's python3-pil. Run from this folder: /usr/bin/python3 make_fixtures.py

- cmyk.jpg: a 4-channel JPEG as Photoshop writes it: Adobe APP14 marker with transform 0 (CMYK), samples
  stored inverted (255 - ink), Pillow's convention for every CMYK JPEG it writes.
- ycck.jpg: the same picture as YCCK (Adobe transform 2): libjpeg's cmyk_ycck_convert applied here to the
  stored (inverted) CMYK samples (R = 255 - C, G = 255 - M, B = 255 - Y to JFIF YCbCr, K as stored), written
  as a 4-channel JPEG whose APP14 transform byte is then set to 2. Pillow (libjpeg) reads it back as CMYK.
- *.pillow-rgb.png: what Pillow makes of each file, Image.open(f).convert("RGB"): the independent reference.
  Pillow converts CMYK to RGB without a colour profile: R = (255 - C)(255 - K) / 255, and likewise G, B.
"""
from PIL import Image

W, H = 40, 24


def ink(x, y):
    """A picture with smooth gradients of each ink, pure and mixed patches, and black."""
    c = round(255 * x / (W - 1))
    m = round(255 * y / (H - 1))
    yellow = round(255 * ((x + y) % 16) / 15)
    k = 0 if y < H // 2 else round(200 * (W - 1 - x) / (W - 1))
    if x < 8 and y < 8:  # patches: cyan, magenta, yellow, black; one 4x4 block each
        c, m, yellow, k = [(255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 255, 0), (0, 0, 0, 255)][(y // 4) * 2 + x // 4]
    return c, m, yellow, k


def ycck(stored):
    """libjpeg's CMYK -> YCCK on stored samples: the colour part is RGB = 255 - stored C, M, Y, then JFIF YCbCr."""
    r, g, b = (255 - v for v in stored[:3])
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168735892 * r - 0.331264108 * g + 0.5 * b + 128
    cr = 0.5 * r - 0.418687589 * g - 0.081312411 * b + 128
    return tuple(max(0, min(255, round(v))) for v in (y, cb, cr)) + (stored[3],)


def save_cmyk(values, name, transform):
    im = Image.new("CMYK", (W, H))
    im.putdata(values)
    im.save(name, quality=95, subsampling=0)  # 4:4:4, so no decoder's upsampling differs
    data = bytearray(open(name, "rb").read())
    at = data.index(b"Adobe\x00")
    if data[at + 11] != 0:
        raise SystemExit(name + ": Pillow wrote Adobe transform %d, expected 0" % data[at + 11])
    data[at + 11] = transform
    open(name, "wb").write(bytes(data))


pixels = [ink(x, y) for y in range(H) for x in range(W)]
save_cmyk(pixels, "cmyk.jpg", 0)
# Pillow stores 255 - value; the samples stored in ycck.jpg must be YCCK of the stored (inverted) CMYK
stored = [tuple(255 - v for v in p) for p in pixels]
save_cmyk([tuple(255 - v for v in ycck(s)) for s in stored], "ycck.jpg", 2)

for name in ("cmyk.jpg", "ycck.jpg"):
    image = Image.open(name)
    if image.mode != "CMYK":
        raise SystemExit(name + " reads back as " + image.mode)
    image.convert("RGB").save(name.replace(".jpg", ".pillow-rgb.png"))
