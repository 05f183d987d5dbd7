#!/usr/bin/python3
"""Writes engine/src/test/resources/golden/recurrent-lengths.json: what nn.LSTM, nn.GRU and nn.RNN
compute on padded batches of ragged sequences handed to them through
pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False), for
RecurrentLengthsGoldenTest, which runs the same numbers through Network.forward(x, lengths, ...).

    /usr/bin/python3 engine/src/test/python/gen_recurrent_lengths_fixtures.py

Debian's torch 1.13 (../shared/bench/setup-pytorch.sh). Lengths include 1 and T. Per case and per
output mode: "sequence" is pad_packed_sequence(out, batch_first=True, total_length=T) (zeros at the
padded steps), "final_hidden" the last layer's h_n, directions side by side. "grads" are the
gradients of sum(output * coef) with respect to every parameter, "input_grad" with respect to the
padded input (zero at the padded steps). Eval mode (dropout 0 either way). Reruns write the same bytes.
"""
import json
import os

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join("engine", "src", "test", "resources", "golden", "recurrent-lengths.json")

# (module, LayerBench params = the torch kwargs, input shape with the batch first, lengths)
CASES = [
    ("LSTM", {"hidden_size": 5}, [4, 6, 3], [6, 1, 3, 4]),
    ("GRU", {"hidden_size": 5}, [4, 6, 3], [2, 6, 1, 5]),
    ("RNN", {"hidden_size": 4}, [3, 5, 3], [1, 5, 3]),
    ("RNN", {"hidden_size": 4, "nonlinearity": "relu", "num_layers": 2}, [3, 5, 3], [4, 2, 5]),
    ("LSTM", {"hidden_size": 4, "bidirectional": True}, [4, 7, 3], [7, 1, 4, 2]),
    ("GRU", {"hidden_size": 3, "num_layers": 2, "bidirectional": True}, [4, 6, 2], [3, 6, 1, 5]),
    ("LSTM", {"hidden_size": 3, "num_layers": 2, "bias": False}, [3, 5, 2], [5, 2, 1]),
]


def flat(t):
    # nine significant digits: enough to give back the exact float32
    return [float(f"{v:.9g}") for v in t.detach().flatten().tolist()]


def tensor(t):
    return {"shape": list(t.shape), "values": flat(t)}


def run(module, x, lengths, output):
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, state = module(packed)
    if output == "sequence":
        padded, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return padded
    h_n = state[0] if isinstance(module, nn.LSTM) else state
    return torch.cat([h_n[-2], h_n[-1]], dim=1) if module.bidirectional else h_n[-1]


def cases():
    result = []
    for i, (name, params, shape, lengths) in enumerate(CASES):
        torch.manual_seed(50 + i)
        module = getattr(nn, name)(shape[-1], batch_first=True, **params)
        module.eval()
        g = torch.Generator().manual_seed(60 + i)
        x = torch.randn(*shape, generator=g)
        case = {"type": name, "params": params, "lengths": lengths,
                "torch": f"torch.nn.{name}({shape[-1]}, batch_first=True, "
                         f"{', '.join(f'{k}={v}' for k, v in params.items())}) on lengths {lengths}",
                "input": tensor(x),
                "state_dict": {k: tensor(v) for k, v in module.state_dict().items()}}
        for output in ("sequence", "final_hidden"):
            module.zero_grad()
            xi = x.clone().requires_grad_(True)
            out = run(module, xi, lengths, output)
            coef = torch.randn(*out.shape, generator=g)
            (out * coef).sum().backward()
            case[output] = {"output": tensor(out), "coef": tensor(coef),
                            "grads": {k: flat(p.grad) for k, p in module.named_parameters()},
                            "input_grad": flat(xi.grad)}
        result.append(case)
    return result


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
        f.write(to_json({"torch": torch.__version__, "cases": cases()}))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
