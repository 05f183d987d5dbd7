#!/usr/bin/python3
"""Writes engine/src/test/resources/golden/kernels.json: what torch.nn.functional.avg_pool1d/2d,
nn.LSTM (and, as a control, nn.GRU) and nn.LayerNorm (with and without elementwise_affine) compute on
fixed inputs and weights, for KernelGoldenTest, which runs the same numbers through LayerBench's
Network.

    /usr/bin/python3 engine/src/test/python/gen_kernel_fixtures.py

Debian's torch 1.13 (../shared/bench/setup-pytorch.sh), whose CPU LSTM is ATen's own (not oneDNN's)
kernel. Every tensor is written flat in row-major order with its shape beside it. Recurrent layers
are built with batch_first=True, as LayerBench's are, and run in eval mode; "grads" are the
gradients of sum(output * coef) with respect to every parameter and the input (LayerNorm's too).
Reruns write the same bytes; the layer_norms group was added after the others, drawing only from its
own generators, so it left their bytes unchanged.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join("engine", "src", "test", "resources", "golden", "kernels.json")

# (module, LayerBench params = the torch kwargs, input shape with the batch first)
POOLS = [
    ("AvgPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}, [2, 4, 11]),
    ("AvgPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": True}, [2, 4, 11]),
    ("AvgPool1d", {"kernel_size": 4, "stride": 3, "padding": 2, "ceil_mode": True, "count_include_pad": False},
     [2, 3, 10]),
    ("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}, [2, 3, 7, 8]),
    ("AvgPool2d", {"kernel_size": [3, 2], "stride": 2, "padding": [1, 1], "ceil_mode": True,
                   "count_include_pad": False}, [2, 2, 7, 6]),
]

# (module, LayerBench params: the torch kwargs but batch_first, input shape with the batch first)
RECURRENT = [
    ("LSTM", {"hidden_size": 6, "num_layers": 2, "bidirectional": True}, [3, 5, 4]),
    ("LSTM", {"hidden_size": 5}, [2, 7, 3]),
    ("LSTM", {"hidden_size": 4, "num_layers": 2, "bias": False}, [2, 6, 3]),
    ("LSTM", {"hidden_size": 1}, [1, 3, 1]),
    ("GRU", {"hidden_size": 6, "num_layers": 2, "bidirectional": True}, [3, 5, 4]),
]

# (LayerBench params = the torch kwargs less normalized_shape, which is the input's last dimension,
#  input shape with the batch first)
LAYER_NORMS = [
    ({"elementwise_affine": False}, [3, 4, 5]),
    ({"elementwise_affine": False, "eps": 1e-3}, [4, 6]),
    ({}, [2, 3, 5]),
]


def flat(t):
    # nine significant digits: enough to give back the exact float32
    return [float(f"{v:.9g}") for v in t.detach().flatten().tolist()]


def tensor(t):
    return {"shape": list(t.shape), "values": flat(t)}


def pools():
    cases = []
    for i, (name, params, shape) in enumerate(POOLS):
        g = torch.Generator().manual_seed(10 + i)
        x = torch.randn(*shape, generator=g)
        fn = F.avg_pool1d if name == "AvgPool1d" else F.avg_pool2d
        y = fn(x, **params)
        cases.append({"type": name, "params": params,
                      "torch": f"torch.nn.functional.{fn.__name__}(x, {', '.join(f'{k}={v}' for k, v in params.items())})",
                      "input": tensor(x), "output": tensor(y)})
    return cases


def recurrent():
    cases = []
    for i, (name, params, shape) in enumerate(RECURRENT):
        torch.manual_seed(20 + i)
        module = getattr(nn, name)(shape[-1], batch_first=True, **params)
        module.eval()
        g = torch.Generator().manual_seed(30 + i)
        x = torch.randn(*shape, generator=g).requires_grad_(True)
        out, state = module(x)
        h_n = state[0] if name == "LSTM" else state
        coef = torch.randn(*out.shape, generator=g)
        (out * coef).sum().backward()
        dirs = 2 if params.get("bidirectional") else 1
        final = torch.cat([h_n[-2], h_n[-1]], dim=1) if dirs == 2 else h_n[-1]
        case = {"type": name, "params": params,
                "torch": f"torch.nn.{name}({shape[-1]}, batch_first=True, "
                         f"{', '.join(f'{k}={v}' for k, v in params.items())})",
                "input": tensor(x),
                "state_dict": {k: tensor(v) for k, v in module.state_dict().items()},
                "output": tensor(out), "h_n": tensor(h_n), "final_hidden": tensor(final),
                "coef": tensor(coef),
                "grads": {k: flat(p.grad) for k, p in module.named_parameters()},
                "input_grad": flat(x.grad)}
        if name == "LSTM":
            case["c_n"] = tensor(state[1])
        cases.append(case)
    return cases


def layer_norms():
    cases = []
    for i, (params, shape) in enumerate(LAYER_NORMS):
        g = torch.Generator().manual_seed(40 + i)
        module = nn.LayerNorm(shape[-1], **params)
        with torch.no_grad():
            # not PyTorch's ones and zeros, so that the control tests the scale and the shift
            for p in module.parameters():
                p.copy_(torch.randn(*p.shape, generator=g))
        x = (torch.randn(*shape, generator=g) * 3 + 1).requires_grad_(True)
        out = module(x)
        coef = torch.randn(*out.shape, generator=g)
        (out * coef).sum().backward()
        cases.append({"type": "LayerNorm", "params": params,
                      "torch": f"torch.nn.LayerNorm({shape[-1]}"
                               + "".join(f", {k}={v}" for k, v in params.items()) + ")",
                      "input": tensor(x),
                      "state_dict": {k: tensor(v) for k, v in module.state_dict().items()},
                      "output": tensor(out), "coef": tensor(coef),
                      "grads": {k: flat(p.grad) for k, p in module.named_parameters()},
                      "input_grad": flat(x.grad)})
    return cases


def to_json(value, indent=0):
    """Indented JSON with every list of numbers on one line."""
    if isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        return json.dumps(value)
    if isinstance(value, dict) and value:
        pad, inner = " " * indent, " " * (indent + 1)
        items = [inner + json.dumps(k) + ": " + to_json(v, indent + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value:
        pad, inner = " " * indent, " " * (indent + 1)
        return "[\n" + ",\n".join(inner + to_json(v, indent + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value)


def main():
    torch.set_num_threads(1)
    with open(OUT, "w") as f:
        f.write(to_json({"torch": torch.__version__, "pools": pools(), "recurrent": recurrent(),
                         "layer_norms": layer_norms()}))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
