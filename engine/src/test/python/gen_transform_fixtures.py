#!/usr/bin/python3
"""Generates the torchvision-parity fixtures of LayerBench's transforms.

Run from the repository root with Debian's python3-torch / python3-torchvision / python3-pil (see
../shared/bench/setup-pytorch.sh); reruns are byte-identical:

    /usr/bin/python3 engine/src/test/python/gen_transform_fixtures.py

It writes into engine/src/test/resources/transforms/pil/:

  rgb.png, gray.png   the inputs: small synthetic images with edges, gradients and noise
  cases.json          one entry per case: the input, the LayerBench pipeline step (torchvision's class name and
                      keyword arguments), for random transforms the drawn parameters that the case applies, and
                      the output file with its shape and dtype
  <case>.bin          torchvision's output: uint8 H×W×C for image-stage steps, float32 little-endian C×H×W for
                      tensor-stage steps

Random transforms are recorded "given the same drawn parameters": the script calls torchvision's functional op
(F.crop, F.resized_crop, F.adjust_* in ColorJitter's order, F.gaussian_blur, F.erase) with the parameters listed
in the case, which is exactly what the transform's forward() does after get_params().
"""
import json
import os

import numpy as np
import PIL
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from PIL import Image

OUT = "engine/src/test/resources/transforms/pil"


def make_inputs():
    rng = np.random.RandomState(7)
    h, w = 29, 37
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.zeros((h, w, 3), dtype=np.int32)
    rgb[..., 0] = (x * 255) // (w - 1)
    rgb[..., 1] = (y * 255) // (h - 1)
    rgb[..., 2] = ((x + y) % 7) * 36
    rgb[8:20, 10:24] = [250, 30, 60]  # a saturated block with sharp edges
    rgb += rng.randint(-20, 21, size=rgb.shape)
    rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(os.path.join(OUT, "rgb.png"))
    gray = Image.fromarray(rgb, "RGB").convert("L")
    gray.save(os.path.join(OUT, "gray.png"))
    return {"rgb.png": Image.fromarray(rgb, "RGB"), "gray.png": gray}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    inputs = make_inputs()
    cases = []

    def add(name, inp, step, out, drawn=None, pre=None):
        if isinstance(out, Image.Image):
            arr = np.asarray(out, dtype=np.uint8)
            shape = list(arr.shape) if arr.ndim == 3 else [arr.shape[0], arr.shape[1], 1]
            dtype = "uint8"
            data = arr.tobytes()
        else:
            arr = out.detach().numpy().astype("<f4")
            shape = list(arr.shape)
            dtype = "float32"
            data = arr.tobytes()
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(data)
        case = {"name": name, "input": inp, "step": step, "output": name + ".bin", "shape": shape, "dtype": dtype}
        if drawn is not None:
            case["drawn"] = drawn
        if pre is not None:
            case["pre"] = pre
        cases.append(case)

    rgb, gray = inputs["rgb.png"], inputs["gray.png"]
    IM = T.InterpolationMode

    # Resize: [h, w], shorter side, max_size, the three filters, down and up.
    for size, interp in [([20, 30], "bilinear"), ([13, 11], "bilinear"), ([50, 70], "bilinear"),
                         ([20, 30], "bicubic"), ([60, 45], "bicubic"), ([20, 30], "nearest"),
                         ([50, 70], "nearest")]:
        out = T.Resize(size, interpolation=IM(interp))(rgb)
        add(f"resize_{size[0]}x{size[1]}_{interp}", "rgb.png",
            {"type": "Resize", "size": size, "interpolation": interp}, out)
    add("resize_short_24", "rgb.png", {"type": "Resize", "size": 24}, T.Resize(24)(rgb))
    add("resize_short_24_gray", "gray.png", {"type": "Resize", "size": 24}, T.Resize(24)(gray))
    add("resize_short_40_max_45", "rgb.png", {"type": "Resize", "size": 40, "max_size": 45},
        T.Resize(40, max_size=45)(rgb))

    # CenterCrop, smaller and larger than the image (odd and even differences).
    for size in [[20, 25], [28, 36], [40, 45], [29, 50]]:
        add(f"center_crop_{size[0]}x{size[1]}", "rgb.png", {"type": "CenterCrop", "size": size},
            T.CenterCrop(size)(rgb))

    # Pad: every mode, 1/2/4-number padding, a negative one.
    add("pad_constant", "rgb.png", {"type": "Pad", "padding": [3, 1, 4, 2], "fill": [10, 20, 30]},
        T.Pad([3, 1, 4, 2], fill=(10, 20, 30))(rgb))
    for mode in ["edge", "reflect", "symmetric"]:
        add(f"pad_{mode}", "rgb.png", {"type": "Pad", "padding": 5, "padding_mode": mode},
            T.Pad(5, padding_mode=mode)(rgb))
        add(f"pad_{mode}_2", "gray.png", {"type": "Pad", "padding": [2, 6], "padding_mode": mode},
            T.Pad([2, 6], padding_mode=mode)(gray))
    add("pad_reflect_negative", "rgb.png", {"type": "Pad", "padding": [-2, 3], "padding_mode": "reflect"},
        T.Pad([-2, 3], padding_mode="reflect")(rgb))

    # RandomCrop given (i, j): padding then crop, and pad_if_needed.
    step = {"type": "RandomCrop", "size": [24, 30], "padding": 4, "padding_mode": "reflect"}
    padded = F.pad(rgb, 4, 0, "reflect")
    add("random_crop_reflect", "rgb.png", step, F.crop(padded, 3, 9, 24, 30), drawn={"i": 3, "j": 9})
    step = {"type": "RandomCrop", "size": [35, 40], "pad_if_needed": True, "fill": 99}
    p = F.pad(rgb, [3, 0], 99, "constant")
    p = F.pad(p, [0, 6], 99, "constant")
    add("random_crop_pad_if_needed", "rgb.png", step, F.crop(p, 2, 5, 35, 40), drawn={"i": 2, "j": 5})

    # RandomResizedCrop given (i, j, h, w).
    for (i, j, h, w, size, interp) in [(3, 5, 20, 25, [16, 16], "bilinear"), (0, 0, 29, 37, [64, 48], "bilinear"),
                                       (10, 2, 7, 30, [12, 12], "bicubic"), (4, 4, 11, 13, [20, 20], "nearest")]:
        out = F.resized_crop(rgb, i, j, h, w, size, IM(interp))
        add(f"random_resized_crop_{i}_{j}_{h}_{w}_{interp}", "rgb.png",
            {"type": "RandomResizedCrop", "size": size, "interpolation": interp}, out,
            drawn={"i": i, "j": j, "h": h, "w": w})

    add("hflip", "rgb.png", {"type": "RandomHorizontalFlip", "p": 1.0}, F.hflip(rgb))
    add("vflip", "rgb.png", {"type": "RandomVerticalFlip", "p": 1.0}, F.vflip(rgb))

    # ColorJitter given the order and factors: the four adjustments one by one, then combined.
    for b in [0.0, 0.6, 1.0, 1.7]:
        add(f"brightness_{b}", "rgb.png", {"type": "ColorJitter", "brightness": [b, b]}, F.adjust_brightness(rgb, b),
            drawn={"order": [0, 1, 2, 3], "brightness": b})
    for c in [0.4, 1.5]:
        add(f"contrast_{c}", "rgb.png", {"type": "ColorJitter", "contrast": [c, c]}, F.adjust_contrast(rgb, c),
            drawn={"order": [0, 1, 2, 3], "contrast": c})
        add(f"contrast_{c}_gray", "gray.png", {"type": "ColorJitter", "contrast": [c, c]},
            F.adjust_contrast(gray, c), drawn={"order": [0, 1, 2, 3], "contrast": c})
    for s in [0.2, 2.0]:
        add(f"saturation_{s}", "rgb.png", {"type": "ColorJitter", "saturation": [s, s]},
            F.adjust_saturation(rgb, s), drawn={"order": [0, 1, 2, 3], "saturation": s})
    for hue in [0.1, -0.27, 0.5, -0.5]:
        add(f"hue_{hue}", "rgb.png", {"type": "ColorJitter", "hue": [hue, hue]}, F.adjust_hue(rgb, hue),
            drawn={"order": [0, 1, 2, 3], "hue": hue})
    order = [2, 0, 3, 1]
    factors = {"brightness": 1.3, "contrast": 0.7, "saturation": 1.6, "hue": -0.08}
    out = rgb
    for fn in order:
        out = [lambda im: F.adjust_brightness(im, factors["brightness"]),
               lambda im: F.adjust_contrast(im, factors["contrast"]),
               lambda im: F.adjust_saturation(im, factors["saturation"]),
               lambda im: F.adjust_hue(im, factors["hue"])][fn](out)
    add("color_jitter_all", "rgb.png",
        {"type": "ColorJitter", "brightness": 0.4, "contrast": 0.4, "saturation": 0.8, "hue": 0.1}, out,
        drawn=dict(order=order, **factors))

    add("grayscale_1", "rgb.png", {"type": "Grayscale"}, T.Grayscale()(rgb))
    add("grayscale_3", "rgb.png", {"type": "Grayscale", "num_output_channels": 3}, T.Grayscale(3)(rgb))
    add("random_grayscale", "rgb.png", {"type": "RandomGrayscale", "p": 1.0}, T.RandomGrayscale(p=1.0)(rgb))
    add("to_hsv", "rgb.png", {"type": "ToHSV"}, rgb.convert("HSV"))

    # GaussianBlur given sigma; kernel_size is (kx, ky) in torchvision.
    for k, sigma in [(5, 1.3), ([3, 7], 0.8), (9, 3.0)]:
        ks = [k, k] if isinstance(k, int) else k
        add(f"gaussian_blur_{ks[0]}x{ks[1]}_{sigma}", "rgb.png", {"type": "GaussianBlur", "kernel_size": k},
            F.gaussian_blur(rgb, ks, [sigma, sigma]), drawn={"sigma": sigma})

    # Tensor stage: ToTensor, Normalize, RandomErasing given (i, j, h, w) and value.
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    add("to_tensor", "rgb.png", {"type": "ToTensor"}, F.to_tensor(rgb))
    add("to_tensor_gray", "gray.png", {"type": "ToTensor"}, F.to_tensor(gray))
    add("normalize_imagenet", "rgb.png", {"type": "Normalize", "mean": mean, "std": std},
        F.normalize(F.to_tensor(rgb), mean, std), pre=[{"type": "ToTensor"}])
    add("normalize_gray", "gray.png", {"type": "Normalize", "mean": [0.5], "std": [0.25]},
        F.normalize(F.to_tensor(gray), [0.5], [0.25]), pre=[{"type": "ToTensor"}])
    t = F.normalize(F.to_tensor(rgb), mean, std)
    add("random_erasing_value", "rgb.png", {"type": "RandomErasing", "p": 1.0, "value": [0.1, 0.2, 0.3]},
        F.erase(t.clone(), 4, 6, 9, 12, torch.tensor([0.1, 0.2, 0.3])[:, None, None]),
        drawn={"i": 4, "j": 6, "h": 9, "w": 12},
        pre=[{"type": "ToTensor"}, {"type": "Normalize", "mean": mean, "std": std}])

    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generator": "engine/src/test/python/gen_transform_fixtures.py",
                   "torch": torch.__version__, "torchvision": torchvision.__version__, "pillow": PIL.__version__,
                   "cases": cases}, f, indent=1)
        f.write("\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
