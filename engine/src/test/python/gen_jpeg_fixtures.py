#!/usr/bin/python3
"""Generates engine/src/test/resources/data/jpeg/*.jpg: small JPEGs of each kind the TurboJPEG path of
ImageDecoder takes (4:4:4, 4:2:2 and 4:2:0 YCbCr, progressive, grey, odd and tiny sizes), written by Pillow
(libjpeg-turbo), for ImageDecoderTest's comparison of that path with ImageIO's decoding.

Run from the repository root: /usr/bin/python3 engine/src/test/python/gen_jpeg_fixtures.py
The seed is fixed, so reruns give the same files.
"""
import os

import numpy as np
from PIL import Image

OUT = os.path.join("engine", "src", "test", "resources", "data", "jpeg")


def photo(rng, w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.stack([40 + 180 * x / max(w - 1, 1), 60 + 150 * y / max(h - 1, 1), 200 - 120 * x / max(w - 1, 1)], -1)
    img += rng.normal(0, 18, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(11)
    cases = [
        ("s444_q90_37x23.jpg", 37, 23, dict(quality=90, subsampling=0)),
        ("s422_q75_64x48.jpg", 64, 48, dict(quality=75, subsampling=1)),
        ("s420_q95_33x17.jpg", 33, 17, dict(quality=95, subsampling=2)),
        ("s420_q50_1x1.jpg", 1, 1, dict(quality=50, subsampling=2)),
        ("s420_progressive_40x30.jpg", 40, 30, dict(quality=85, subsampling=2, progressive=True)),
        ("s444_progressive_optimized_19x45.jpg", 19, 45, dict(quality=80, subsampling=0, progressive=True,
                                                             optimize=True)),
    ]
    for name, w, h, opts in cases:
        Image.fromarray(photo(rng, w, h), "RGB").save(os.path.join(OUT, name), **opts)
    gray = Image.fromarray(photo(rng, 29, 31), "RGB").convert("L")
    gray.save(os.path.join(OUT, "gray_q85_29x31.jpg"), quality=85)
    print("wrote", len(cases) + 1, "files to", OUT)


if __name__ == "__main__":
    main()
