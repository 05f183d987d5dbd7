#!/usr/bin/python3
"""Generates engine/src/test/resources/data/resize_golden.json, the golden numbers for the data
package's Resize / CenterCrop / ToTensor / Normalize (PreprocessGoldenTest).

Run from the repository root with Pillow, torch and torchvision installed:

    /usr/bin/python3 engine/src/test/python/gen_resize_fixture.py

It writes small seeded random RGB images and
  resize:   Pillow's Image.resize((w, h), BILINEAR) of them (what torchvision's Resize((h, w)) calls
            on a PIL image), as interleaved RGB bytes;
  pipeline: torchvision's Compose([Resize((h, w)), CenterCrop((ch, cw))?, ToTensor(),
            Normalize(mean, std)?]) of them, as CHW float32 values.
  decode:   two tiny JPEGs written by Pillow next to the JSON (jpeg_rgb.jpg, jpeg_cmyk.jpg) and
            the pixels Pillow's Image.open(f).convert("RGB") gives for them, for ImageDecoderTest.
The seed is fixed, so reruns give the same files.
"""
import json
import os

import numpy as np
from PIL import Image
import PIL
import torch
import torchvision
from torchvision import transforms as T

OUT = os.path.join("engine", "src", "test", "resources", "data", "resize_golden.json")
IMAGENET = ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])


def main():
    rng = np.random.default_rng(20251126)
    images = {
        "small": rng.integers(0, 256, size=(5, 7, 3), dtype=np.uint8),  # 7 wide, 5 high
        "wide": rng.integers(0, 256, size=(17, 23, 3), dtype=np.uint8),  # 23 wide, 17 high
    }
    resize_cases = [("small", 3, 4), ("small", 11, 9), ("small", 4, 9), ("small", 7, 2),
                    ("wide", 5, 4), ("wide", 2, 3), ("wide", 31, 6)]  # (image, width, height)
    pipeline_cases = [
        ("small", (4, 6), (3, 3), IMAGENET),
        ("small", (9, 8), None, IMAGENET),
        ("small", (4, 4), (5, 6), IMAGENET),  # crop larger than the image: zero padding
        ("wide", (8, 8), (5, 4), None),
        ("wide", (16, 12), (7, 7), ([0.5], [0.25])),
    ]
    out = {
        "generator": "engine/src/test/python/gen_resize_fixture.py",
        "versions": {"Pillow": PIL.__version__, "torch": torch.__version__,
                     "torchvision": torchvision.__version__},
        "images": {k: {"width": int(a.shape[1]), "height": int(a.shape[0]),
                       "rgb": a.reshape(-1).tolist()} for k, a in images.items()},
        "resize": [],
        "pipeline": [],
    }
    for name, w, h in resize_cases:
        r = np.asarray(Image.fromarray(images[name]).resize((w, h), Image.BILINEAR))
        out["resize"].append({"image": name, "width": w, "height": h, "rgb": r.reshape(-1).tolist()})
    for name, size, crop, norm in pipeline_cases:
        steps = [T.Resize(size)]
        if crop is not None:
            steps.append(T.CenterCrop(crop))
        steps.append(T.ToTensor())
        if norm is not None:
            steps.append(T.Normalize(*norm))
        t = T.Compose(steps)(Image.fromarray(images[name]))
        out["pipeline"].append({
            "image": name, "resize": list(size), "crop": list(crop) if crop else None,
            "mean": norm[0] if norm else None, "std": norm[1] if norm else None,
            "shape": list(t.shape), "tensor": [float(v) for v in t.reshape(-1).tolist()],
        })
    out["decode"] = []
    smooth = np.zeros((8, 12, 3), dtype=np.uint8)
    yy, xx = np.mgrid[0:8, 0:12]
    smooth[..., 0] = 20 * xx
    smooth[..., 1] = 30 * yy
    smooth[..., 2] = 200 - 10 * xx
    for fname, im in [("jpeg_rgb.jpg", Image.fromarray(smooth)),
                      ("jpeg_cmyk.jpg", Image.fromarray(smooth).convert("CMYK"))]:
        path = os.path.join(os.path.dirname(OUT), fname)
        im.save(path, quality=90)
        rgb = np.asarray(Image.open(path).convert("RGB"))
        out["decode"].append({"file": fname, "width": int(rgb.shape[1]), "height": int(rgb.shape[0]),
                              "rgb": rgb.reshape(-1).tolist()})
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
