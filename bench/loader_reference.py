#!/usr/bin/python3
"""torchvision's side of bench/loader-vs-torchvision.sh: how many images per second an ImageFolder + DataLoader
decodes and augments, with no model behind it.

Pipeline: RandomResizedCrop(224), RandomHorizontalFlip(), ColorJitter(0.4, 0.4, 0.4, 0.1), ToTensor(),
Normalize(ImageNet mean/std); DataLoader(batch_size=64, shuffle=True, num_workers=2, persistent_workers=True), so
worker start-up is paid once, in the warm-up epoch, as LayerBench's loader threads are. The main process only
receives batches (torch.set_num_threads(1)); the workers run one torch thread each, DataLoader's default.

Prints one line per epoch and a final RESULT line with the median of the epochs after the warm-up one, also of the
CPU time per image (main process and workers, from /proc): on a machine others are using, the images/s follow the
load, the CPU time much less.

usage: /usr/bin/python3 bench/loader_reference.py --data DIR [--epochs 4] [--workers 2] [--batch 64] [--seed 1]
       /usr/bin/python3 bench/loader_reference.py --data DIR --per-step
--per-step prints the CPU milliseconds per image of each step on one process instead (the counterpart of
PipelineLoaderBenchmark#perStep): decode, RandomResizedCrop on the decoded images, the rest on 224x224 crops.
"""
import argparse
import os
import statistics
import time

import torch
from torchvision import datasets, transforms


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU time of the processes, from /proc/PID/stat (fields 14 and 15)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def per_step(data, seed):
    """CPU ms per image of each step, on this process alone (torch with one thread)."""
    from PIL import Image
    torch.manual_seed(seed)
    files = [path for path, _ in datasets.ImageFolder(data).samples][:120]

    def load(path):
        with open(path, "rb") as f:
            return Image.open(f).convert("RGB")

    steps = {
        "random_resized_crop": transforms.RandomResizedCrop(224),
        "flip": transforms.RandomHorizontalFlip(p=0.5),
        "brightness": transforms.ColorJitter(brightness=0.4),
        "contrast": transforms.ColorJitter(contrast=0.4),
        "saturation": transforms.ColorJitter(saturation=0.4),
        "hue": transforms.ColorJitter(hue=0.1),
    }
    to_tensor = transforms.ToTensor()
    normalize = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])

    def ms(fn, inputs, repeat=3):
        t0 = time.process_time()
        for _ in range(repeat):
            for x in inputs:
                fn(x)
        return (time.process_time() - t0) * 1000 / (repeat * len(inputs))

    decoded = [load(f) for f in files]
    cropped = [steps["random_resized_crop"](im) for im in decoded]
    tensors = [to_tensor(im) for im in cropped]
    for round in range(2):  # the first round warms caches up
        parts = {"decode": ms(load, files, 1)}
        for name, step in steps.items():
            parts[name] = ms(step, decoded if name == "random_resized_crop" else cropped)
        parts["to_tensor"] = ms(to_tensor, cropped)
        parts["normalize"] = ms(normalize, tensors)
    total = sum(parts.values())
    print("RESULT per-step cpu_ms_per_image " + " ".join(f"{k}={v:.2f}" for k, v in parts.items())
          + f" total={total:.2f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=4, help="the first is a warm-up, not counted")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--per-step", action="store_true", help="CPU ms per image of each step instead")
    a = p.parse_args()

    torch.set_num_threads(1)
    if a.per_step:
        per_step(a.data, a.seed)
        return
    torch.manual_seed(a.seed)
    tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ColorJitter(0.4, 0.4, 0.4, 0.1),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    ds = datasets.ImageFolder(a.data, tf)
    dl = torch.utils.data.DataLoader(ds, batch_size=a.batch, shuffle=True, num_workers=a.workers,
                                     persistent_workers=a.workers > 0)
    rates, cpu = [], []
    it = iter(dl)  # persistent: the same worker processes every epoch
    pids = [os.getpid()] + [w.pid for w in getattr(it, "_workers", [])]
    for epoch in range(1, a.epochs + 1):
        seen = 0
        c0 = cpu_seconds(pids)
        t0 = time.perf_counter()
        for x, y in (it if epoch == 1 else dl):
            seen += y.shape[0]
        secs = time.perf_counter() - t0
        ms = (cpu_seconds(pids) - c0) * 1000 / seen
        rates.append(seen / secs)
        cpu.append(ms)
        print(f"epoch {epoch}: {seen} images in {secs:.2f} s, {seen / secs:.1f} img/s, {ms:.2f} CPU ms/image", flush=True)
    steady = rates[1:] if len(rates) > 1 else rates
    steady_cpu = cpu[1:] if len(cpu) > 1 else cpu
    print(f"RESULT stack=torchvision-{__import__('torchvision').__version__} images={len(ds)} workers={a.workers} "
          f"batch={a.batch} epochs={a.epochs} img_per_s={statistics.median(steady):.1f} "
          f"min={min(steady):.1f} max={max(steady):.1f} cpu_ms_per_image={statistics.median(steady_cpu):.2f}")


if __name__ == "__main__":
    main()
