#!/usr/bin/python3
"""Generate the bundled LayerBench sample dataset: 64x64 RGB circles, squares and triangles.

Writes an ImageFolder tree (sorted class names are the class order):

    sample-data/project/data/shapes/
        train/{circle,square,triangle}/<class>_000.png ... (60 per class)
        val/{circle,square,triangle}/<class>_000.png ...   (20 per class)

Each image is a filled dark shape of random hue, size (about 50-80% of the image),
position (fully or mostly inside) and rotation (squares and triangles), on a
lighter random background, with light Gaussian pixel noise (monochrome,
sigma 3, rounded to steps of 4 so the PNGs stay small: under 0.9 MB in all).

Deterministic: every image gets its own random.Random seeded from
(SEED, split, class, index), so re-running reproduces identical files.
Re-running deletes and regenerates the whole shapes/ tree.

Needs only Pillow (Debian: python3-pil). Usage:

    /usr/bin/python3 tools/make-sample-shapes.py [--out DIR]
"""

import argparse
import math
import os
import random
import shutil
import sys

from PIL import Image, ImageDraw

SEED = 20240611
SIZE = 64                 # output image side, pixels
SUPERSAMPLE = 4           # draw at 4x and downsample for anti-aliased edges
CLASSES = ("circle", "square", "triangle")  # already sorted: class order
COUNTS = {"train": 150, "val": 50}
MIN_FRAC, MAX_FRAC = 0.50, 0.80   # shape extent as a fraction of the image side
NOISE_SIGMA = 3.0         # Gaussian pixel noise, in 0-255 units (monochrome, per pixel)
NOISE_STEP = 4            # noise rounded to multiples of this: keeps PNGs small

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO_ROOT, "sample-data", "project", "data", "shapes")


def luminance(c):
    r, g, b = c
    return 0.299 * r + 0.587 * g + 0.114 * b


def contrasting_colours(rng):
    """A (background, shape) colour pair: a light background and a clearly darker shape of any hue.

    Keeping the polarity fixed (dark shape on light ground) makes the classes learnable by a small
    CNN from a few hundred images in under a minute, which is what the sample is for; with both
    colours random, SimpleNet, a small CNN and ResNet-18 all stay near chance in PyTorch too.
    """
    while True:
        bg = tuple(rng.randrange(150, 256) for _ in range(3))
        fg = tuple(rng.randrange(0, 200) for _ in range(3))
        dist = math.sqrt(sum((a - b) ** 2 for a, b in zip(bg, fg)))
        if abs(luminance(bg) - luminance(fg)) >= 60 and dist >= 110:
            return bg, fg


def regular_polygon(cx, cy, radius, sides, angle):
    return [
        (cx + radius * math.cos(angle + 2 * math.pi * k / sides),
         cy + radius * math.sin(angle + 2 * math.pi * k / sides))
        for k in range(sides)
    ]


def make_image(rng, cls):
    bg, fg = contrasting_colours(rng)
    s = SUPERSAMPLE
    big = Image.new("RGB", (SIZE * s, SIZE * s), bg)
    draw = ImageDraw.Draw(big)

    extent = rng.uniform(MIN_FRAC, MAX_FRAC) * SIZE   # nominal diameter, pixels
    if cls == "circle":
        radius = extent / 2
    elif cls == "square":
        radius = extent / 2 * 1.15   # half-diagonal; side is about 0.81 * extent
    else:
        radius = extent / 2 * 1.25   # circumradius; triangles look small otherwise

    # Centre so the shape's circumcircle is at least ~85% inside the frame.
    margin = min(radius * 0.85, SIZE / 2)
    cx = rng.uniform(margin, SIZE - margin)
    cy = rng.uniform(margin, SIZE - margin)

    if cls == "circle":
        draw.ellipse([(cx - radius) * s, (cy - radius) * s,
                      (cx + radius) * s, (cy + radius) * s], fill=fg)
    else:
        sides = 4 if cls == "square" else 3
        # Upright-ish (tilted up to 20 degrees), so a small CNN learns the classes in seconds.
        upright = -math.pi / 2 if sides == 3 else math.pi / 4
        angle = upright + rng.uniform(-1, 1) * math.radians(20)
        pts = regular_polygon(cx * s, cy * s, radius * s, sides, angle)
        draw.polygon(pts, fill=fg)

    img = big.resize((SIZE, SIZE), Image.LANCZOS)

    # Light Gaussian noise: one value per pixel added to all three channels
    # (brightness noise), rounded to NOISE_STEP. Per-channel, full-precision
    # noise would make each PNG about 7 KB instead of about 4 KB.
    data = img.tobytes()
    gauss = rng.gauss
    noisy = bytearray(len(data))
    for p in range(0, len(data), 3):
        n = NOISE_STEP * round(gauss(0.0, NOISE_SIGMA) / NOISE_STEP)
        for c in range(3):
            noisy[p + c] = min(255, max(0, data[p + c] + n))
    return Image.frombytes("RGB", (SIZE, SIZE), bytes(noisy))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT,
                    help="output shapes/ directory (default: %(default)s)")
    args = ap.parse_args(argv)
    out = os.path.abspath(args.out)

    if os.path.basename(out) != "shapes":
        sys.exit("refusing to delete/regenerate a directory not named 'shapes': " + out)
    if os.path.isdir(out):
        shutil.rmtree(out)
        print("removed old", out)

    total_files = 0
    total_bytes = 0
    for split, count in COUNTS.items():
        for cls in CLASSES:
            d = os.path.join(out, split, cls)
            os.makedirs(d)
            split_bytes = 0
            for i in range(count):
                rng = random.Random("%d/%s/%s/%d" % (SEED, split, cls, i))
                path = os.path.join(d, "%s_%03d.png" % (cls, i))
                make_image(rng, cls).save(path, format="PNG", optimize=True)
                split_bytes += os.path.getsize(path)
            total_files += count
            total_bytes += split_bytes
            print("wrote %3d images  %7d bytes  %s" % (count, split_bytes, os.path.relpath(d, REPO_ROOT)))
    print("total: %d images, %d bytes (%.1f KiB) under %s"
          % (total_files, total_bytes, total_bytes / 1024, out))


if __name__ == "__main__":
    main(sys.argv[1:])
