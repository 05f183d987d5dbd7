#!/usr/bin/python3
"""Generates the golden fixtures of the dataset scan: decoding to RGB, EXIF orientation and the
per-channel statistics, each from what Pillow and torchvision themselves give.

Run from the repository root (Debian's python3-pil, python3-torch and python3-torchvision; the
arithmetic-coded JPEG also needs jpegtran from libjpeg-turbo-progs, and is kept as committed when
jpegtran is missing):

    /usr/bin/python3 engine/src/test/python/gen_dataset_fixtures.py

It writes, under engine/src/test/resources/data/:

  decode/*.png|jpg|gif|bmp  small images in every colour mode the decoder must handle: L, LA, 1,
                            P (8- and 4-bit, with and without transparency), RGB, RGBA, 16-bit
                            grey, 16-bit RGB and RGBA (written by hand: Pillow cannot), CMYK JPEG,
                            grey and RGB JPEGs (4:2:0 and 4:4:4), GIF, BMP (1-bit, grey, palette,
                            RGB); orient_<n>.jpg, one JPEG per EXIF orientation 1-8 (plus a
                            big-endian EXIF and a PNG eXIf case); arith.jpg, an arithmetic-coded
                            JPEG (Pillow reads it, the JDK's libjpeg 6b does not).
  decode_golden.json        per file: Image.open(f).mode, and the pixels of
                            Image.open(f).convert("RGB") (torchvision's default loader), or for the
                            orient_* files of ImageOps.exif_transpose(Image.open(f)).convert("RGB");
                            for the 16-bit grey file also its raw 16-bit values.
  stats/train|val/<class>/  a small dataset of mixed sizes and modes.
  stats_golden.json         torchvision's statistics of stats/train: every image through
                            datasets.ImageFolder(root, transform=ToTensor()) (PIL's convert("RGB")
                            then float32 v/255), all pixels of all images concatenated per channel
                            in float64, mean and population std (torch.std(unbiased=False)); the
                            unbiased std too, so a test can tell the two apart; and mean_exact /
                            std_exact, the same from the 8-bit values v/255 in float64 with numpy
                            (ToTensor's float32 division rounds each value by up to 3e-8).

Everything is seeded, so reruns give the same files.
"""
import json
import os
import shutil
import struct
import subprocess
import zlib

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image, ImageOps
from torchvision import datasets, transforms

OUT = os.path.join("engine", "src", "test", "resources", "data")
DECODE = os.path.join(OUT, "decode")
STATS = os.path.join(OUT, "stats")


def pattern(w, h, seed):
    """An RGB test card: gradients plus seeded noise, different in every channel and direction."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    a = np.zeros((h, w, 3), dtype=np.int64)
    a[..., 0] = xx * 255 // max(1, w - 1)
    a[..., 1] = yy * 255 // max(1, h - 1)
    a[..., 2] = (xx * 37 + yy * 91) % 256
    a += rng.integers(-25, 26, size=a.shape)
    return np.clip(a, 0, 255).astype(np.uint8)


def png_by_hand(path, w, h, color_type, bit_depth, rows):
    """A PNG for the pixel formats Pillow cannot write (16-bit RGB and RGBA): rows are raw bytes."""
    raw = b"".join(b"\x00" + r for r in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def exif_orientation(value, big_endian=False):
    """APP1 payload with one IFD0 entry, Orientation (0x0112, SHORT) = value."""
    if big_endian:
        tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
        tiff += struct.pack(">HHIHH", 0x0112, 3, 1, value, 0) + struct.pack(">I", 0)
        return b"Exif\x00\x00" + tiff
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def decode_files():
    os.makedirs(DECODE, exist_ok=True)
    rgb = Image.fromarray(pattern(13, 9, 1))
    photo = Image.fromarray(pattern(21, 13, 2))  # JPEG cases: not a multiple of the 8/16 block
    gray = rgb.convert("L")
    files = {}

    files["L.png"] = lambda p: gray.save(p)
    files["LA.png"] = lambda p: Image.merge("LA", [gray, rgb.getchannel("B")]).save(p)
    files["1.png"] = lambda p: gray.convert("1").save(p)
    files["RGB.png"] = lambda p: rgb.save(p)
    files["RGBA.png"] = lambda p: Image.merge("RGBA", [*rgb.split(), gray.point(lambda v: 255 - v)]).save(p)
    pal = rgb.convert("P", palette=Image.ADAPTIVE, colors=16)
    files["P.png"] = lambda p: pal.save(p)
    files["P4.png"] = lambda p: pal.save(p, bits=4)
    # tRNS with one alpha per palette entry, some fully transparent: convert("RGB") drops it.
    files["P_trns.png"] = lambda p: pal.save(p, transparency=bytes((i * 17) % 256 for i in range(16)))
    files["P_trns_index.png"] = lambda p: pal.save(p, transparency=3)
    g16 = (np.asarray(gray).astype(np.uint32) * 257 + np.arange(13)[None, :] * 3).astype(np.uint16)
    files["I16.png"] = lambda p: Image.fromarray(g16).save(p)
    c16 = np.asarray(rgb).astype(np.uint32) * 257 + np.arange(3)[None, None, :] * 101
    a16 = np.concatenate([c16, (np.asarray(gray).astype(np.uint32) * 250)[..., None]], axis=2)
    files["RGB16.png"] = lambda p: png_by_hand(
        p, 13, 9, 2, 16, [c16[y].astype(">u2").tobytes() for y in range(9)])
    files["RGBA16.png"] = lambda p: png_by_hand(
        p, 13, 9, 6, 16, [a16[y].astype(">u2").tobytes() for y in range(9)])
    files["L.jpg"] = lambda p: photo.convert("L").save(p, quality=90)
    files["RGB.jpg"] = lambda p: photo.save(p, quality=90)  # 4:2:0, Pillow's default
    files["RGB444.jpg"] = lambda p: photo.save(p, quality=90, subsampling=0)
    files["CMYK.jpg"] = lambda p: photo.convert("CMYK").save(p, quality=90)
    files["P.gif"] = lambda p: pal.save(p)
    files["1.bmp"] = lambda p: gray.convert("1").save(p)
    files["L.bmp"] = lambda p: gray.save(p)
    files["P.bmp"] = lambda p: pal.save(p)
    files["RGB.bmp"] = lambda p: rgb.save(p)

    cases = []
    for name, write in files.items():
        path = os.path.join(DECODE, name)
        write(path)
        im = Image.open(path)
        case = {"file": name, "mode": im.mode}
        out = np.asarray(im.convert("RGB"))
        case.update(width=int(out.shape[1]), height=int(out.shape[0]), rgb=out.reshape(-1).tolist())
        if name == "I16.png":
            case["raw16"] = np.asarray(Image.open(path)).reshape(-1).tolist()
        cases.append(case)

    orient = Image.fromarray(pattern(24, 16, 3))
    variants = [(f"orient_{n}.jpg", n, False) for n in range(1, 9)]
    variants += [("orient_6_bigendian.jpg", 6, True)]
    for name, n, big in variants:
        orient.save(os.path.join(DECODE, name), quality=92, exif=exif_orientation(n, big))
    exif = Image.Exif()
    exif[0x0112] = 8
    orient.save(os.path.join(DECODE, "orient_8.png"), exif=exif)
    variants.append(("orient_8.png", 8, False))
    for name, n, _ in variants:
        im = Image.open(os.path.join(DECODE, name))
        assert im.getexif().get(0x0112) == n, name
        out = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
        cases.append({"file": name, "mode": im.mode, "orientation": n, "width": int(out.shape[1]),
                      "height": int(out.shape[0]), "rgb": out.reshape(-1).tolist()})

    arith = os.path.join(DECODE, "arith.jpg")
    jpegtran = shutil.which("jpegtran")
    if jpegtran:
        with open(arith, "wb") as f:
            subprocess.run([jpegtran, "-arithmetic", os.path.join(DECODE, "RGB.jpg")], stdout=f, check=True)
    im = Image.open(arith)
    im.load()  # Pillow (libjpeg-turbo) decodes it
    cases.append({"file": "arith.jpg", "mode": im.mode, "pillowReads": True,
                  "width": im.size[0], "height": im.size[1]})
    return cases


def stats_dataset():
    """Mixed sizes and modes in train/, and a very different val/, so a test notices val leaking in."""
    shutil.rmtree(STATS, ignore_errors=True)
    specs = [  # (split, class, name, w, h, how)
        ("train", "cat", "c1.png", 31, 17, "RGB"),
        ("train", "cat", "c2.png", 12, 40, "L"),
        ("train", "cat", "sub/c3.png", 25, 25, "P"),
        ("train", "cat", "c4.jpg", 33, 21, "RGB"),
        ("train", "dog", "d1.png", 19, 23, "RGBA"),
        ("train", "dog", "d2.png", 40, 9, "RGB"),
        ("train", "dog", "d3.jpg", 16, 16, "CMYK"),
        ("train", "dog", "d4.bmp", 10, 14, "RGB"),
        ("val", "cat", "v1.png", 30, 30, "white"),
        ("val", "dog", "v2.png", 30, 30, "black"),
    ]
    for i, (split, cls, name, w, h, how) in enumerate(specs):
        path = os.path.join(STATS, split, cls, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        im = Image.fromarray(pattern(w, h, 100 + i))
        if how == "white":
            im = Image.new("RGB", (w, h), (255, 255, 255))
        elif how == "black":
            im = Image.new("RGB", (w, h), (0, 0, 0))
        elif how == "P":
            im = im.convert("P", palette=Image.ADAPTIVE, colors=32)
        elif how != "RGB":
            im = im.convert(how)
        im.save(path, **({"quality": 90} if name.endswith(".jpg") else {}))

    data = datasets.ImageFolder(os.path.join(STATS, "train"), transform=transforms.ToTensor())
    tensors = [t for t, _ in data]  # ToTensor: float32 v/255, C×H×W, after PIL's convert("RGB")
    flat = torch.cat([t.reshape(3, -1) for t in tensors], dim=1).double()
    # The same without ToTensor's float32 rounding of v/255: the exact values, in float64.
    exact = np.concatenate([np.asarray(Image.open(p).convert("RGB"), dtype=np.float64).reshape(-1, 3) / 255.0
                            for p, _ in data.samples])
    return {
        "generator": "engine/src/test/python/gen_dataset_fixtures.py",
        "versions": versions(),
        "definition": "datasets.ImageFolder(stats/train, transform=ToTensor()); all pixels of all images "
                      "concatenated per channel, in float64; mean, std(unbiased=False)",
        "classes": data.classes,
        "files": [os.path.relpath(p, STATS) for p, _ in data.samples],
        "images": len(tensors),
        "pixels": int(flat.shape[1]),
        "mean": flat.mean(dim=1).tolist(),
        "std": flat.std(dim=1, unbiased=False).tolist(),
        "std_unbiased": flat.std(dim=1, unbiased=True).tolist(),
        "mean_exact": exact.mean(axis=0).tolist(),
        "std_exact": exact.std(axis=0, ddof=0).tolist(),
    }


def versions():
    return {"Pillow": PIL.__version__, "torch": torch.__version__, "torchvision": torchvision.__version__}


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


def main():
    write_json(os.path.join(OUT, "decode_golden.json"),
               {"generator": "engine/src/test/python/gen_dataset_fixtures.py", "versions": versions(),
                "cases": decode_files()})
    write_json(os.path.join(OUT, "stats_golden.json"), stats_dataset())


if __name__ == "__main__":
    main()
