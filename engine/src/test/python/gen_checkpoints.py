#!/usr/bin/python3
"""Writes small torch.save files for the .pt reader's tests (TorchPickleBoundsTest, ReaderFuzzTest).

    /usr/bin/python3 gen_checkpoints.py OUT_DIR

OUT_DIR/state_dict.pt     a small model's state_dict, plus a transposed (non-contiguous) view, a
                          tensor sharing another's storage at an offset, an F16, an I64 scalar
OUT_DIR/checkpoint.pt     {'epoch', 'state_dict', 'optimizer' (Adam's state_dict after one step),
                          'lr', 'history'}: what training scripts save
OUT_DIR/model_key.pt      {'model': state_dict, 'args': {...}}
OUT_DIR/no_tensors.pt     {'epoch': 3, 'lr': 0.1}
OUT_DIR/expanded.pt       {'w': a stride-0 view of one element, 4096 × 4096}: a legitimate but
                          tiny file whose tensor is 64 MiB when materialized
OUT_DIR/expected.json     for each file, the tensors the reader must return: name -> [dtype, shape, sum]
"""
import json
import sys
from collections import OrderedDict

import torch


def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.Flatten(), torch.nn.Linear(16, 2)
    )


DT = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64"}


def describe(sd):
    return {k: [DT[v.dtype], list(v.shape), float(v.double().sum())] for k, v in sd.items()}


def main():
    out = sys.argv[1]
    m = model()
    sd = m.state_dict()
    extra = OrderedDict(sd)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    extra["transposed"] = base.t()
    extra["shared"] = base.view(-1)[4:8]
    extra["half"] = torch.tensor([1.5, -2.0], dtype=torch.float16)
    extra["step"] = torch.tensor(7)
    torch.save(extra, out + "/state_dict.pt")
    expected = {"state_dict.pt": describe(extra)}  # before the optimizer step changes the weights

    opt = torch.optim.Adam(m.parameters(), lr=0.01)
    m(torch.randn(2, 3, 4, 4)).sum().backward()
    opt.step()
    ck = {"epoch": 3, "state_dict": m.state_dict(), "optimizer": opt.state_dict(), "lr": 0.01,
          "history": [(1, 0.5), (2, 0.25)]}
    torch.save(ck, out + "/checkpoint.pt")
    torch.save({"model": m.state_dict(), "args": {"depth": 2, "name": "x"}}, out + "/model_key.pt")
    torch.save({"epoch": 3, "lr": 0.1}, out + "/no_tensors.pt")
    torch.save({"w": torch.ones(1).expand(4096, 4096)}, out + "/expanded.pt")
    expected["checkpoint.pt"] = describe(m.state_dict())
    expected["model_key.pt"] = describe(m.state_dict())
    with open(out + "/expected.json", "w") as f:
        json.dump(expected, f)


main()
