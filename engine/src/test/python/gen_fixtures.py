#!/usr/bin/python3
"""Generates LayerBench's golden test fixtures from real PyTorch / torchvision.

Run from the repository root (needs Debian's python3-torch + python3-torchvision; see
../shared/bench/setup-pytorch.sh):

    /usr/bin/python3 engine/src/test/python/gen_fixtures.py [--out DIR] [--reference PATH]

It writes into engine/src/test/resources/golden/:

  <model>.json   one per model (alexnet, resnet18, resnet34, resnet50, simplenet, cnnnet): parameter count,
                 state_dict keys + shapes in state_dict() order (buffers included), and the output shape of every
                 named submodule, captured with forward hooks in eval mode.
  layers.json    single-layer cases for the layer catalogue: constructor kwargs (exactly PyTorch's names), input
                 shape, output shape, parameter count and state_dict keys + shapes.
  broadcast.json elementwise-add broadcasting cases: result shape, or error=true where torch refuses.

Every shape in the fixtures EXCLUDES the batch dimension (the script runs everything on a batch of BATCH = 2 and
strips it), except the operand shapes in broadcast.json, which are plain tensor shapes.

Only shapes and counts are recorded, never values, so the fixtures do not depend on the random initialisation;
the script still seeds torch so that reruns are byte-for-byte identical.
"""
import argparse
import importlib.util
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision

BATCH = 2  # batch size every module is run with; stripped from all recorded shapes
DEFAULT_OUT = os.path.join("engine", "src", "test", "resources", "golden")
DEFAULT_REFERENCE = os.path.join("..", "shared", "bench", "pytorch_reference.py")  # from the repo root


# ---------------------------------------------------------------------------------------------------------------
# JSON output: readable but compact. Containers whose one-line form is short stay on one line (so each
# state_dict entry, each output shape and each params dict is a single line); longer ones are broken up.
# ---------------------------------------------------------------------------------------------------------------

def to_json(value, indent=0, width=110):
    flat = json.dumps(value, separators=(", ", ": "))
    if not isinstance(value, (dict, list)) or len(flat) + indent <= width or not value:
        return flat
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(value, dict):
        items = [inner + json.dumps(k) + ": " + to_json(v, indent + 1, width).lstrip() for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    items = [inner + to_json(v, indent + 1, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"


def write_json(path, value):
    with open(path, "w") as f:
        f.write(to_json(value))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def state_entries(module):
    """state_dict() keys and shapes, in state_dict() order, buffers (e.g. num_batches_tracked, shape []) included."""
    return [[k, list(v.shape)] for k, v in module.state_dict().items()]


def num_params(module):
    return sum(p.numel() for p in module.parameters())


def versions():
    return {"torch": torch.__version__, "torchvision": torchvision.__version__}


# ---------------------------------------------------------------------------------------------------------------
# (a) Whole models
# ---------------------------------------------------------------------------------------------------------------

def load_reference(path):
    """Imports the SimpleNet / CNNNet definitions from the shared PyTorch reference script, by file path."""
    spec = importlib.util.spec_from_file_location("pytorch_reference", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def model_fixture(name, model, input_shape, num_classes):
    """Runs `model` in eval mode on a random batch with a forward hook on every named submodule (root excluded).

    outputs[name] is the shape (batch dim stripped) of the module's tensor output; a module called more than once
    (e.g. the ReLU shared inside a torchvision ResNet block) keeps the shape of its LAST call and is listed in
    reused_modules. Modules whose output is not a tensor, or which never run, get no outputs entry.
    """
    model.eval()
    shapes, calls, hooks = {}, {}, []

    def make_hook(mod_name):
        def hook(_module, _inputs, output):
            calls[mod_name] = calls.get(mod_name, 0) + 1
            if isinstance(output, torch.Tensor):
                assert output.shape[0] == BATCH, f"{name}.{mod_name}: batch dim lost: {tuple(output.shape)}"
                shapes[mod_name] = list(output.shape[1:])
        return hook

    names = [n for n, _ in model.named_modules() if n != ""]
    for n, m in model.named_modules():
        if n != "":
            hooks.append(m.register_forward_hook(make_hook(n)))
    with torch.no_grad():
        y = model(torch.randn(BATCH, *input_shape))
    for h in hooks:
        h.remove()
    assert list(y.shape) == [BATCH, num_classes], f"{name}: unexpected output {tuple(y.shape)}"

    not_run = [n for n in names if n not in calls]
    if not_run:
        print(f"  note: {name}: modules never called: {not_run}")
    return {
        "model": name,
        **versions(),
        "input": list(input_shape),
        "num_classes": num_classes,
        "params": num_params(model),
        "state_dict": state_entries(model),
        # named_modules() order (a module's own entry precedes its children's)
        "outputs": {n: shapes[n] for n in names if n in shapes},
        "reused_modules": [n for n in names if calls.get(n, 0) > 1],
    }


def gen_models(out_dir, reference_path):
    ref = load_reference(reference_path)
    models = [
        ("alexnet", lambda: torchvision.models.alexnet(num_classes=1000), [3, 224, 224], 1000),
        ("resnet18", lambda: torchvision.models.resnet18(num_classes=1000), [3, 224, 224], 1000),
        ("resnet34", lambda: torchvision.models.resnet34(num_classes=1000), [3, 224, 224], 1000),
        ("resnet50", lambda: torchvision.models.resnet50(num_classes=1000), [3, 224, 224], 1000),
        ("simplenet", lambda: ref.SimpleNet(num_classes=2, size=64), [3, 64, 64], 2),
        ("cnnnet", lambda: ref.CNNNet(num_classes=2), [3, 64, 64], 2),
    ]
    summary = {}
    for name, build, input_shape, num_classes in models:
        torch.manual_seed(0)
        fixture = model_fixture(name, build(), input_shape, num_classes)
        write_json(os.path.join(out_dir, name + ".json"), fixture)
        summary[name] = fixture["params"]
        print(f"  {name}: params={fixture['params']} state_dict={len(fixture['state_dict'])} "
              f"outputs={len(fixture['outputs'])} reused={fixture['reused_modules']}")
    return summary


# ---------------------------------------------------------------------------------------------------------------
# (b) Single layers
#
# Each case gives the layer type, its constructor kwargs WITHOUT the inferable input-size argument, and the input
# shape without the batch dim. build_layer() derives the missing argument from the input shape:
#   in_channels / num_features = input[0]; in_features = input[-1]; input_size = input[-1] (recurrent layers,
#   which are always built with batch_first=True, so the input is [T, F]); LayerNorm normalized_shape = input[-1].
# Lists in params become tuples for torch (kernel_size=[3,5] -> (3,5)).
#
# Dimension arguments (Softmax/LogSoftmax dim, Flatten start_dim/end_dim) are passed to torch unchanged, so - as in
# PyTorch - they index the BATCHED tensor: dim 0 is the batch dim, and negative dims count from the end.
# ---------------------------------------------------------------------------------------------------------------

# type -> (inferred kwarg name or None, how to derive it from the unbatched input shape)
INFERRED = {
    "Linear": ("in_features", lambda s: s[-1]),
    "Conv1d": ("in_channels", lambda s: s[0]),
    "Conv2d": ("in_channels", lambda s: s[0]),
    "BatchNorm1d": ("num_features", lambda s: s[0]),
    "BatchNorm2d": ("num_features", lambda s: s[0]),
    "LayerNorm": ("normalized_shape", lambda s: s[-1]),
    "RNN": ("input_size", lambda s: s[-1]),
    "LSTM": ("input_size", lambda s: s[-1]),
    "GRU": ("input_size", lambda s: s[-1]),
}
RECURRENT = {"RNN", "LSTM", "GRU"}


def c(type_, input_, **params):
    """Shorthand for one layer case."""
    return {"type": type_, "params": params, "input": list(input_)}


LAYER_CASES = [
    # --- Linear: applies on the last dim, any leading dims pass through
    c("Linear", [16], out_features=10),
    c("Linear", [16], out_features=4, bias=False),
    c("Linear", [5, 7], out_features=3),
    c("Linear", [2, 5, 7], out_features=1, bias=True),

    # --- Conv1d: input [C, L]
    c("Conv1d", [4, 20], out_channels=6, kernel_size=3),
    c("Conv1d", [4, 20], out_channels=8, kernel_size=5, stride=2, padding=2),
    c("Conv1d", [4, 20], out_channels=4, kernel_size=3, dilation=2, bias=False),
    c("Conv1d", [4, 21], out_channels=8, kernel_size=3, stride=3, padding=1, groups=4),

    # --- Conv2d: input [C, H, W]
    c("Conv2d", [3, 32, 32], out_channels=8, kernel_size=3, stride=2, padding=1),
    c("Conv2d", [3, 32, 32], out_channels=16, kernel_size=3),
    c("Conv2d", [3, 32, 32], out_channels=8, kernel_size=3, padding=1, bias=False),
    c("Conv2d", [3, 32, 32], out_channels=4, kernel_size=3, dilation=2),
    c("Conv2d", [3, 32, 32], out_channels=4, kernel_size=3, padding=2, dilation=2),
    c("Conv2d", [8, 16, 16], out_channels=8, kernel_size=3, padding=1, groups=8),            # depthwise
    c("Conv2d", [8, 16, 16], out_channels=16, kernel_size=3, padding=1, groups=8, bias=False),  # depthwise x2
    c("Conv2d", [8, 16, 16], out_channels=12, kernel_size=1, groups=4),                    # grouped 1x1
    c("Conv2d", [3, 20, 30], out_channels=5, kernel_size=[3, 5]),                          # rectangular
    c("Conv2d", [3, 20, 30], out_channels=5, kernel_size=[1, 7], padding=[0, 3]),
    c("Conv2d", [3, 20, 30], out_channels=5, kernel_size=[3, 3], stride=[1, 2], padding=[1, 0]),
    c("Conv2d", [3, 33, 33], out_channels=6, kernel_size=4, stride=3),                     # stride doesn't divide
    c("Conv2d", [3, 224, 224], out_channels=64, kernel_size=11, stride=4, padding=2),     # AlexNet conv1
    c("Conv2d", [3, 224, 224], out_channels=64, kernel_size=7, stride=2, padding=3, bias=False),  # ResNet conv1

    # --- MaxPool1d: input [C, L]
    c("MaxPool1d", [4, 20], kernel_size=2),                                               # stride defaults to kernel
    c("MaxPool1d", [4, 21], kernel_size=3, stride=2),
    c("MaxPool1d", [4, 20], kernel_size=3, stride=2, ceil_mode=True),                     # ceil changes size
    c("MaxPool1d", [4, 20], kernel_size=3, stride=1, padding=1, dilation=2),
    c("MaxPool1d", [4, 5], kernel_size=3, stride=3, padding=1, ceil_mode=True),          # last window would start in padding

    # --- MaxPool2d: input [C, H, W]
    c("MaxPool2d", [8, 32, 32], kernel_size=2),
    c("MaxPool2d", [8, 33, 33], kernel_size=2),                                           # floor drops the last row
    c("MaxPool2d", [8, 33, 33], kernel_size=2, ceil_mode=True),
    c("MaxPool2d", [8, 32, 32], kernel_size=2, ceil_mode=True),                          # ceil_mode a no-op here
    c("MaxPool2d", [64, 112, 112], kernel_size=3, stride=2, padding=1),                   # ResNet maxpool
    c("MaxPool2d", [64, 55, 55], kernel_size=3, stride=2),                                # AlexNet maxpool
    c("MaxPool2d", [8, 112, 112], kernel_size=3, stride=2, ceil_mode=True),
    c("MaxPool2d", [8, 20, 30], kernel_size=[2, 3], stride=[2, 1]),
    c("MaxPool2d", [8, 16, 16], kernel_size=3, stride=1, padding=1, dilation=2),
    c("MaxPool2d", [8, 5, 5], kernel_size=3, stride=3, padding=1, ceil_mode=True),       # last window would start in padding

    # --- AvgPool1d / AvgPool2d
    c("AvgPool1d", [4, 20], kernel_size=2),
    c("AvgPool1d", [4, 20], kernel_size=3, stride=2, ceil_mode=True),
    c("AvgPool1d", [4, 20], kernel_size=4, stride=3, padding=2, count_include_pad=False),
    c("AvgPool2d", [8, 32, 32], kernel_size=2),
    c("AvgPool2d", [8, 33, 33], kernel_size=2, stride=2),
    c("AvgPool2d", [8, 33, 33], kernel_size=2, stride=2, ceil_mode=True),
    c("AvgPool2d", [8, 16, 16], kernel_size=3, stride=2, padding=1, count_include_pad=False),
    c("AvgPool2d", [8, 7, 9], kernel_size=[3, 2], stride=[2, 2], padding=[1, 0], ceil_mode=True),
    c("AvgPool2d", [8, 5, 5], kernel_size=3, stride=3, padding=1, ceil_mode=True),

    # --- AdaptiveAvgPool2d
    c("AdaptiveAvgPool2d", [256, 13, 13], output_size=6),
    c("AdaptiveAvgPool2d", [256, 6, 6], output_size=[6, 6]),
    c("AdaptiveAvgPool2d", [256, 1, 1], output_size=6),                                   # output larger than input
    c("AdaptiveAvgPool2d", [512, 7, 7], output_size=1),
    c("AdaptiveAvgPool2d", [8, 10, 7], output_size=[3, 4]),                               # non-divisible
    c("AdaptiveAvgPool2d", [8, 2, 3], output_size=[5, 4]),                                # larger, rectangular

    # --- BatchNorm: 1d on [C] and [C, L], 2d on [C, H, W]
    c("BatchNorm1d", [16]),
    c("BatchNorm1d", [16, 10], eps=1e-3, momentum=0.01),
    c("BatchNorm1d", [16], affine=False),
    c("BatchNorm1d", [16, 10], track_running_stats=False),
    c("BatchNorm2d", [8, 12, 12]),
    c("BatchNorm2d", [8, 12, 12], eps=1e-3, momentum=0.3),
    c("BatchNorm2d", [8, 12, 12], affine=False),
    c("BatchNorm2d", [8, 12, 12], track_running_stats=False),
    c("BatchNorm2d", [8, 12, 12], affine=False, track_running_stats=False),

    # --- LayerNorm (normalized over the last dim)
    c("LayerNorm", [10]),
    c("LayerNorm", [4, 10], eps=1e-6),
    c("LayerNorm", [4, 10], elementwise_affine=False),

    # --- parameter-free elementwise / shape layers
    c("Dropout", [16], p=0.5),
    c("Dropout", [3, 8, 8], p=0.1),
    c("ReLU", [3, 8, 8]),
    c("LeakyReLU", [16], negative_slope=0.2),
    c("GELU", [16]),
    c("GELU", [4, 16], approximate="tanh"),
    c("Sigmoid", [16]),
    c("Tanh", [4, 16]),
    c("Softmax", [10], dim=1),
    c("Softmax", [4, 10], dim=-1),
    c("LogSoftmax", [10], dim=1),
    c("LogSoftmax", [4, 10], dim=1),
    c("Identity", [3, 8, 8]),
    c("Flatten", [3, 4, 5]),                                   # defaults start_dim=1, end_dim=-1
    c("Flatten", [3, 4, 5], start_dim=1, end_dim=-1),
    c("Flatten", [3, 4, 5], start_dim=2),
    c("Flatten", [3, 4, 5], start_dim=1, end_dim=2),            # end_dim other than -1
    c("Flatten", [3, 4, 5, 6], start_dim=2, end_dim=-2),
    c("Flatten", [10], start_dim=1),                            # already flat

    # --- Embedding: input [T] of integer token ids in [0, num_embeddings)
    c("Embedding", [12], num_embeddings=100, embedding_dim=16),
    c("Embedding", [12], num_embeddings=50, embedding_dim=8, padding_idx=0),

    # --- recurrent layers, batch_first=True (set by the script), input [T, F]; output = full sequence
    c("RNN", [7, 5], hidden_size=6),
    c("RNN", [7, 5], hidden_size=6, nonlinearity="relu", bias=False),
    c("RNN", [7, 5], hidden_size=6, num_layers=2, bidirectional=True),
    c("RNN", [7, 5], hidden_size=6, num_layers=2, bidirectional=True, bias=False),
    c("LSTM", [7, 5], hidden_size=6),
    c("LSTM", [7, 5], hidden_size=6, bidirectional=True),
    c("LSTM", [7, 5], hidden_size=6, num_layers=2, bidirectional=True),
    c("LSTM", [7, 5], hidden_size=6, num_layers=2, bidirectional=True, bias=False),
    c("GRU", [7, 5], hidden_size=6),
    c("GRU", [7, 5], hidden_size=6, num_layers=2),
    c("GRU", [7, 5], hidden_size=6, num_layers=2, bidirectional=True),
    c("GRU", [7, 5], hidden_size=6, num_layers=2, bidirectional=True, bias=False),
]


def build_layer(case):
    """Constructs the torch module for a case, filling in the argument inferred from the input shape."""
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in case["params"].items()}
    if case["type"] in INFERRED:
        arg, derive = INFERRED[case["type"]]
        kwargs[arg] = derive(case["input"])
    if case["type"] in RECURRENT:
        kwargs["batch_first"] = True
    return getattr(nn, case["type"])(**kwargs)


def run_layer(case, module):
    """Runs the module on a batch of BATCH inputs in eval mode; returns the output shape without the batch dim."""
    module.eval()
    shape = [BATCH] + case["input"]
    if case["type"] == "Embedding":
        x = torch.randint(0, case["params"]["num_embeddings"], shape)
    else:
        x = torch.randn(*shape)
    with torch.no_grad():
        y = module(x)
    if case["type"] in RECURRENT:
        y = y[0]  # (output, h_n) or (output, (h_n, c_n)): keep the full output sequence
    assert y.shape[0] == BATCH, f"{case}: batch dim lost: {tuple(y.shape)}"
    return list(y.shape[1:])


def gen_layers(out_dir):
    torch.manual_seed(0)
    cases = []
    for case in LAYER_CASES:
        module = build_layer(case)
        output = run_layer(case, module)  # a case torch rejects is a bug in this list: let it raise
        cases.append({**case, "output": output, "num_params": num_params(module), "state": state_entries(module)})
    by_type = {}
    for case in cases:
        by_type[case["type"]] = by_type.get(case["type"], 0) + 1
    print(f"  {len(cases)} layer cases: {by_type}")
    write_json(os.path.join(out_dir, "layers.json"), {
        **versions(),
        "batch": BATCH,
        "notes": [
            "input/output shapes exclude the batch dim; each case was run on a batch of `batch` inputs in eval mode",
            "params are PyTorch constructor kwargs; the inferable size argument is not included and is derived "
            "from input: in_channels/num_features = input[0], in_features = input[-1], "
            "input_size = input[-1] (RNN/LSTM/GRU), LayerNorm normalized_shape = input[-1]",
            "RNN/LSTM/GRU are built with batch_first=True; output is the shape of the first return value",
            "Softmax/LogSoftmax dim and Flatten start_dim/end_dim index the batched tensor, as in PyTorch",
            "Embedding input is integer token ids",
            "state is state_dict() keys and shapes in order, buffers included",
        ],
        "cases": cases,
    })
    return cases


# ---------------------------------------------------------------------------------------------------------------
# (c) Elementwise broadcasting (a + b), computed by torch itself
# ---------------------------------------------------------------------------------------------------------------

BROADCAST_PAIRS = [
    ([3, 3], [3, 3]),          # same shape
    ([1, 3], [3, 3]),
    ([3, 1], [1, 3]),          # both sides expand
    ([3], [2, 3]),             # different ranks
    ([2, 3], [3]),
    ([], [2, 3]),              # 0-d scalar tensor
    ([1], [4, 5]),
    ([4, 1, 5], [3, 1]),       # ones on both sides, different ranks
    ([8, 1, 6, 1], [7, 1, 5]),  # the NumPy docs example
    ([5, 1, 4], [1, 1]),
    ([2, 1, 3], [2, 4, 1]),
    ([1, 1, 1], [2, 3]),
    ([0, 3], [1, 3]),          # zero-size dim broadcasts against 1
    ([2, 2], [3, 3]),          # errors from here on
    ([3], [4]),
    ([2, 3], [3, 2]),
    ([4, 3], [4]),             # trailing dims are aligned, not leading
    ([2, 1, 3], [4, 2, 3]),
    ([0, 3], [2, 3]),          # 0 does not broadcast against 2
]


def gen_broadcast(out_dir):
    cases = []
    for a, b in BROADCAST_PAIRS:
        case = {"a": a, "b": b}
        try:
            case["result"] = list((torch.zeros(a) + torch.zeros(b)).shape)
        except RuntimeError:
            case["error"] = True
        cases.append(case)
    n_err = sum(1 for x in cases if x.get("error"))
    print(f"  {len(cases)} broadcast cases, {n_err} errors")
    write_json(os.path.join(out_dir, "broadcast.json"), {**versions(), "op": "add", "cases": cases})
    return cases


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    p.add_argument("--reference", default=DEFAULT_REFERENCE, help="pytorch_reference.py with SimpleNet/CNNNet")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, python {sys.version.split()[0]}")
    gen_layers(a.out)
    gen_broadcast(a.out)
    gen_models(a.out, a.reference)


if __name__ == "__main__":
    main()
