#!/usr/bin/python3
"""Generates engine/src/test/resources/transforms/geometry/geometry.json, torchvision's RandomRotation
and RandomAffine on PIL images, for AffineTest.

Run from the repository root with Debian's Pillow 9.4, torch 1.13 and torchvision 0.14 (plain `python3`
on PATH may be another interpreter without them):

    /usr/bin/python3 engine/src/test/python/gen_geometry_fixtures.py

The file holds
  images:   two small input images, interleaved bytes in base64: "rgb" (23 wide, 17 high, RGB) and
            "gray" (15×15, mode L, square so that 90° and 270° take Pillow's transpose fast path);
  rotate:   torchvision's RandomRotation(...)(image) with the drawn angle fixed (get_params patched to
            return it): the step's keyword arguments, the angle, the affine matrix Pillow passed to
            Image.transform (null where Image.rotate took a transpose/copy fast path) and the result;
  affine:   the same for RandomAffine, with the drawn (angle, (tx, ty), scale, (shear x, shear y));
  matrices: many random parameter sets and the matrices torchvision's _get_inverse_affine_matrix and
            Pillow's Image.rotate compute for them (output size too), to check the Java arithmetic
            bit for bit without images.
Everything is fixed by seeds and literals, so reruns write the same bytes.
"""
import base64
import contextlib
import json
import os
import random

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import functional as F

OUT = os.path.join("engine", "src", "test", "resources", "transforms", "geometry", "geometry.json")


def make_images():
    rng = np.random.default_rng(20261126)
    h, w = 17, 23
    yy, xx = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), dtype=np.int64)
    rgb[..., 0] = xx * 11
    rgb[..., 1] = yy * 15
    rgb[..., 2] = rng.integers(0, 256, size=(h, w))
    rgb[3:8, 4:12] = [250, 240, 10]  # a yellow block off centre
    rgb[xx == yy + 2] = [255, 255, 255]  # a white diagonal
    rgb[h - 1, :] = [0, 0, 255]  # a blue bottom row, a red right column
    rgb[:, w - 1] = [255, 0, 0]
    gray = (rng.integers(0, 64, size=(15, 15)) + np.add.outer(np.arange(15) * 9, np.arange(15) * 3))
    gray[5:9, 2:6] = 255
    return {"rgb": rgb.astype(np.uint8), "gray": gray.astype(np.uint8)}


def pil(array):
    return Image.fromarray(array, "RGB" if array.ndim == 3 else "L")


def b64(image):
    return base64.b64encode(np.asarray(image).tobytes()).decode("ascii")


@contextlib.contextmanager
def capture_transform(into):
    """Records (size, matrix) of every Image.transform call (Image.rotate ends in one unless it takes
    a fast path)."""
    original = Image.Image.transform

    def recording(self, size, method, data=None, *args, **kwargs):
        into.append((list(size), [float(v) for v in data]))
        return original(self, size, method, data, *args, **kwargs)

    Image.Image.transform = recording
    try:
        yield
    finally:
        Image.Image.transform = original


@contextlib.contextmanager
def drawn(cls, value):
    """Makes cls.get_params return value: the transform then applies exactly these parameters."""
    original = cls.get_params
    cls.get_params = staticmethod(lambda *args: value)
    try:
        yield
    finally:
        cls.get_params = original


def kwargs_of(params):
    """The step's JSON parameters as torchvision keyword arguments."""
    kw = dict(params)
    if "interpolation" in kw:
        kw["interpolation"] = T.InterpolationMode(kw["interpolation"])
    return kw


ROTATE_CASES = [
    # (image, angle, step params besides degrees)
    ("rgb", 0.0, {}),
    ("rgb", 0.0, {"expand": True}),
    ("rgb", 90.0, {}),  # not square: no fast path without expand
    ("rgb", 90.0, {"expand": True}),  # transpose
    ("rgb", 180.0, {}),  # transpose
    ("rgb", 180.0, {"expand": True}),
    ("rgb", 270.0, {}),
    ("rgb", -90.0, {"expand": True}),  # -90 % 360 = 270: transpose
    ("rgb", 360.0, {}),
    ("rgb", 33.3, {}),
    ("rgb", 33.3, {"interpolation": "bilinear"}),
    ("rgb", 33.3, {"expand": True}),
    ("rgb", 33.3, {"expand": True, "interpolation": "bilinear"}),
    ("rgb", -127.0, {}),
    ("rgb", -127.0, {"interpolation": "bilinear", "fill": [255, 128, 0]}),
    ("rgb", -127.0, {"expand": True, "fill": 200}),
    ("rgb", 0.5, {"interpolation": "bilinear"}),
    ("rgb", 12.75, {"center": [3, 5]}),
    ("rgb", 12.75, {"center": [3, 5], "interpolation": "bilinear", "fill": [10, 20, 30]}),
    ("rgb", 180.0, {"center": [11, 8]}),  # center given: no fast path; sin rounds to 0: ScaleAffine
    ("rgb", 90.0, {"center": [0, 0], "expand": True}),
    ("rgb", -45.0, {"center": [20, 2], "expand": True, "interpolation": "bilinear"}),
    ("rgb", 171.3, {"fill": [0, 255, 0]}),
    ("gray", 90.0, {}),  # square: transpose
    ("gray", 270.0, {"interpolation": "bilinear"}),  # transpose whatever the filter
    ("gray", 33.3, {"fill": 77}),
    ("gray", 33.3, {"interpolation": "bilinear", "expand": True, "fill": 77}),
    ("gray", -127.0, {"interpolation": "bilinear", "center": [2, 13]}),
    ("gray", 61.0, {"expand": True}),
]

AFFINE_CASES = [
    # (image, (angle, (tx, ty), scale, (shear x, shear y)), step params besides degrees)
    ("rgb", (0.0, (0, 0), 1.0, (0.0, 0.0)), {}),
    ("rgb", (0.0, (3, -2), 1.3, (0.0, 0.0)), {}),  # a scale and translation: ScaleAffine
    ("rgb", (0.0, (-4, 5), 0.7, (0.0, 0.0)), {"fill": [9, 99, 199]}),
    ("rgb", (0.0, (3, -2), 1.3, (0.0, 0.0)), {"interpolation": "bilinear"}),
    ("rgb", (0.0, (-4, 5), 0.7, (0.0, 0.0)), {"interpolation": "bilinear"}),
    ("rgb", (0.0, (0, 0), 1.0, (20.0, 0.0)), {}),  # shear only
    ("rgb", (0.0, (0, 0), 1.0, (0.0, -15.0)), {}),
    ("rgb", (0.0, (0, 0), 1.0, (10.0, 25.0)), {"interpolation": "bilinear"}),
    ("rgb", (30.0, (2, 1), 1.1, (5.0, -7.0)), {}),
    ("rgb", (30.0, (2, 1), 1.1, (5.0, -7.0)), {"interpolation": "bilinear"}),
    ("rgb", (-170.0, (0, -3), 0.9, (0.0, 0.0)), {"center": [4, 6], "fill": [10, 200, 30]}),
    ("rgb", (-170.0, (0, -3), 0.9, (0.0, 0.0)), {"center": [4, 6], "interpolation": "bilinear"}),
    ("rgb", (90.0, (0, 0), 1.0, (0.0, 0.0)), {}),
    ("rgb", (-33.29999923706055, (-1, 2), 1.2345678806304932, (-3.5, 12.25)), {"fill": 255}),
    ("rgb", (10.0, (0, 0), 0.0003, (0.0, 0.0)), {}),  # corners beyond ±32768: the float loop
    ("rgb", (0.0, (0, 0), 1.0, (89.99, 0.0)), {}),  # huge shear: the float loop too
    ("rgb", (45.0, (0, 0), 2.5, (0.0, 0.0)), {"interpolation": "bilinear", "fill": [255, 255, 255]}),
    ("gray", (0.0, (2, 3), 1.5, (0.0, 0.0)), {}),
    ("gray", (-60.0, (1, -1), 0.8, (15.0, 0.0)), {"fill": 128}),
    ("gray", (-60.0, (1, -1), 0.8, (15.0, 0.0)), {"interpolation": "bilinear", "fill": 128}),
    ("gray", (123.0, (0, 0), 1.0, (-20.0, 30.0)), {"interpolation": "bilinear", "center": [0, 14]}),
]


def rotate_cases(images):
    out = []
    for name, angle, params in ROTATE_CASES:
        captured = []
        with drawn(T.RandomRotation, angle), capture_transform(captured):
            result = T.RandomRotation(degrees=180, **kwargs_of(params))(pil(images[name]))
        assert len(captured) <= 1
        out.append({
            "image": name, "params": params, "angle": angle,
            "matrix": captured[0][1] if captured else None,
            "width": result.width, "height": result.height, "data": b64(result),
        })
    return out


def affine_cases(images):
    out = []
    for name, (angle, (tx, ty), scale, (shx, shy)), params in AFFINE_CASES:
        captured = []
        drawn_params = (angle, (tx, ty), scale, (shx, shy))
        with drawn(T.RandomAffine, drawn_params), capture_transform(captured):
            result = T.RandomAffine(degrees=180, **kwargs_of(params))(pil(images[name]))
        assert len(captured) == 1
        out.append({
            "image": name, "params": params,
            "drawn": {"angle": angle, "translate": [tx, ty], "scale": scale, "shear": [shx, shy]},
            "matrix": captured[0][1],
            "width": result.width, "height": result.height, "data": b64(result),
        })
    return out


def matrix_sweep():
    r = random.Random(7)
    affine = []
    for i in range(150):
        w, h = r.randint(1, 300), r.randint(1, 300)
        center = [w * 0.5, h * 0.5] if i % 3 else [r.randint(-20, w + 20), r.randint(-20, h + 20)]
        angle = float(np.float32(r.uniform(-360, 360)))  # torch draws into float32
        translate = [r.randint(-50, 50), r.randint(-50, 50)]
        scale = float(np.float32(r.uniform(0.05, 4)))
        shear = [float(np.float32(r.uniform(-60, 60))) if i % 4 else 0.0,
                 float(np.float32(r.uniform(-60, 60))) if i % 5 else 0.0]
        matrix = F._get_inverse_affine_matrix(center, angle, translate, scale, shear)
        affine.append({"center": center, "angle": angle, "translate": translate, "scale": scale,
                       "shear": shear, "matrix": [float(v) for v in matrix]})
    rotate = []
    special = [45.0, 90.0, 180.0, 270.0, -90.0, 360.0, 720.5, -1e-20, 1e-300, 89.99999999]
    for i in range(150):
        w, h = r.randint(1, 200), r.randint(1, 200)
        angle = special[i] if i < len(special) else r.uniform(-1000, 1000)
        expand = bool(i % 2)
        center = [r.randint(-10, w + 10), r.randint(-10, h + 10)] if i % 3 == 0 else None
        captured = []
        with capture_transform(captured):
            Image.new("L", (w, h)).rotate(angle, Image.NEAREST, expand, center)
        if not captured:
            continue  # a transpose fast path
        rotate.append({"width": w, "height": h, "angle": angle, "expand": expand, "center": center,
                       "size": captured[0][0], "matrix": captured[0][1]})
    return {"affine": affine, "rotate": rotate}


def main():
    images = make_images()
    doc = {
        "generator": "engine/src/test/python/gen_geometry_fixtures.py",
        "versions": {"Pillow": PIL.__version__, "torch": torch.__version__,
                     "torchvision": torchvision.__version__},
        "images": {k: {"width": int(a.shape[1]), "height": int(a.shape[0]),
                       "channels": 3 if a.ndim == 3 else 1, "data": b64(a)}
                   for k, a in images.items()},
        "rotate": rotate_cases(images),
        "affine": affine_cases(images),
        "matrices": matrix_sweep(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        # one case per line: readable diffs, small file
        f.write("{\n")
        keys = list(doc)
        for i, key in enumerate(keys):
            value = doc[key]
            f.write(json.dumps(key) + ": ")
            if isinstance(value, list) or key == "matrices":
                rows = value if isinstance(value, list) else None
                if rows is None:
                    f.write("{\n")
                    for j, (k, v) in enumerate(value.items()):
                        f.write(" " + json.dumps(k) + ": [\n")
                        f.write(",\n".join("  " + json.dumps(row) for row in v))
                        f.write("\n ]" + ("," if j < len(value) - 1 else "") + "\n")
                    f.write("}")
                else:
                    f.write("[\n" + ",\n".join(" " + json.dumps(row) for row in rows) + "\n]")
            else:
                f.write(json.dumps(value))
            f.write(",\n" if i < len(keys) - 1 else "\n")
        f.write("}\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
