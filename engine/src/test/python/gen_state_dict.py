#!/usr/bin/python3
"""Writes a torchvision model's state_dict, a fixed input and the model's logits on it, for the
import test (StateDictImportTest). Random weights, and BatchNorm statistics moved away from their
defaults, so that loading the wrong tensor anywhere changes the logits.

    /usr/bin/python3 gen_state_dict.py MODEL OUT_DIR     (MODEL: resnet18 or alexnet)

Writes OUT_DIR/MODEL.safetensors (the state_dict, written by hand in the safetensors format, since
the safetensors package is not installed), OUT_DIR/MODEL.pt (the same state_dict by torch.save) and
OUT_DIR/MODEL-io.safetensors (input, logits).
"""
import json
import struct
import sys

import torch
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    name, out = sys.argv[1], sys.argv[2]
    torch.manual_seed(3)
    model = getattr(torchvision.models, name)(num_classes=1000)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(7)
    model.eval()
    size = 64 if name.startswith("resnet") else 224
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        logits = model(x)
    write_safetensors(f"{out}/{name}.safetensors", model.state_dict())
    torch.save(model.state_dict(), f"{out}/{name}.pt")
    write_safetensors(f"{out}/{name}-io.safetensors", {"input": x, "logits": logits})
    print("wrote", name, tuple(x.shape), tuple(logits.shape))


if __name__ == "__main__":
    main()
