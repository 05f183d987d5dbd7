#!/usr/bin/python3
"""Writes a deterministic ImageFolder of photo-like JPEGs for the loader benchmark.

DIR/<class>/<class>_NNN.jpg, 3 classes x 200 images by default, about 500x375 with aspect ratios from 3:4 to
16:9, quality 90. Each image is a smooth two-colour gradient with soft shapes and sensor-like noise, so a JPEG of
it holds as many non-zero coefficients as a photo of that size (50-65 kB at 500x375) and costs as much to decode; flat
synthetic images would decode several times faster and flatter every loader.

usage: /usr/bin/python3 bench/make_photos.py DIR [--classes 3] [--per-class 200] [--seed 0]
The same arguments give the same files (numpy's seeded generator, Pillow's libjpeg).
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZES = [(500, 375), (500, 333), (375, 500), (480, 480), (500, 281), (333, 500), (512, 384), (450, 338)]


def photo(rng, width, height, hue_bias):
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    t = (np.cos(angle) * xx / width + np.sin(angle) * yy / height + 1.0) / 2.0
    c0 = np.clip(rng.normal(hue_bias, 40, 3), 0, 255).astype(np.float32)
    c1 = np.clip(rng.normal(255 - hue_bias, 40, 3), 0, 255).astype(np.float32)
    img = c0[None, None, :] * (1 - t[..., None]) + c1[None, None, :] * t[..., None]
    # Low-frequency texture, as lighting and out-of-focus background give.
    for _ in range(3):
        fx, fy, ph = rng.uniform(1, 6), rng.uniform(1, 6), rng.uniform(0, 2 * np.pi)
        img += rng.uniform(5, 20) * np.sin(2 * np.pi * (fx * xx / width + fy * yy / height) + ph)[..., None]
    base = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(base)
    for _ in range(rng.integers(6, 14)):
        x0, y0 = rng.integers(-width // 4, width), rng.integers(-height // 4, height)
        x1, y1 = x0 + rng.integers(20, width // 2), y0 + rng.integers(20, height // 2)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        kind = rng.integers(0, 3)
        if kind == 0:
            draw.ellipse([x0, y0, x1, y1], fill=colour)
        elif kind == 1:
            draw.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            draw.line([x0, y0, x1, y1], fill=colour, width=int(rng.integers(2, 12)))
    base = base.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.8, 2.0))))
    arr = np.asarray(base).astype(np.int16)
    # Mid-frequency texture (foliage, fabric, gravel) and sensor noise: what keeps a photo's JPEG
    # coefficients non-zero.
    coarse = rng.normal(0, 14, (height // 4 + 1, width // 4 + 1)).astype(np.float32)
    texture = np.asarray(Image.fromarray(coarse, "F").resize((width, height), Image.BICUBIC))
    arr += texture.astype(np.int16)[..., None]
    arr += rng.normal(0, 7, arr.shape).astype(np.int16)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--classes", type=int, default=3)
    p.add_argument("--per-class", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    for c in range(a.classes):
        name = f"class{c}"
        os.makedirs(os.path.join(a.dir, name), exist_ok=True)
        for i in range(a.per_class):
            w, h = SIZES[rng.integers(0, len(SIZES))]
            img = photo(rng, w, h, hue_bias=60 + 60 * c)
            img.save(os.path.join(a.dir, name, f"{name}_{i:03d}.jpg"), quality=90)
    print(f"wrote {a.classes * a.per_class} JPEGs to {a.dir}")


if __name__ == "__main__":
    main()
