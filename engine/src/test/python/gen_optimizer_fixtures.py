#!/usr/bin/python3
"""Writes engine/src/test/resources/golden/optimizers.json: what torch.optim does to one parameter
over a few steps, for OptimizerTest. Each case names the optimizer as LayerBench's CLI does, with
torch.optim's class and keyword arguments beside it, the starting parameter, the gradient of each
step (set by hand, so no model is involved) and the parameter after each step.

    /usr/bin/python3 engine/src/test/python/gen_optimizer_fixtures.py

Debian's torch 1.13 (../shared/bench/setup-pytorch.sh). Reruns write the same bytes.
"""
import json
import os

import torch

OUT = os.path.join("engine", "src", "test", "resources", "golden", "optimizers.json")
STEPS = 6
SIZE = 9

# (LayerBench name, weight decay, learning rate, torch class, torch kwargs); LayerBench's defaults
# are Optimizer.named's: Adam/AdamW betas (0.9, 0.999) and eps 1e-8, SGD momentum 0.9, RMSprop
# alpha 0.99 and eps 1e-8.
CASES = [
    ("adam", 0.0, 1e-2, "Adam", {}),
    ("adam", 0.1, 1e-2, "Adam", {"weight_decay": 0.1}),
    ("adamw", 0.05, 1e-2, "AdamW", {"weight_decay": 0.05}),
    ("sgd", 0.0, 0.1, "SGD", {"momentum": 0.9}),
    ("sgd", 0.01, 0.1, "SGD", {"momentum": 0.9, "weight_decay": 0.01}),
    ("sgd-nesterov", 0.0, 0.1, "SGD", {"momentum": 0.9, "nesterov": True}),
    ("rmsprop", 0.0, 1e-2, "RMSprop", {}),
    ("rmsprop", 0.1, 1e-2, "RMSprop", {"weight_decay": 0.1}),
]


def main():
    cases = []
    for i, (name, wd, lr, cls, kwargs) in enumerate(CASES):
        g = torch.Generator().manual_seed(100 + i)
        p0 = torch.randn(SIZE, generator=g)
        grads = [torch.randn(SIZE, generator=g) * (0.5 + s) for s in range(STEPS)]
        p = p0.clone().requires_grad_(True)
        opt = getattr(torch.optim, cls)([p], lr=lr, **kwargs)
        after = []
        for grad in grads:
            opt.zero_grad()
            p.grad = grad.clone()
            opt.step()
            after.append(p.detach().tolist())
        cases.append({"optimizer": name, "weight_decay": wd, "lr": lr,
                      "torch": f"torch.optim.{cls}({', '.join(f'{k}={v}' for k, v in {'lr': lr, **kwargs}.items())})",
                      "param": p0.tolist(), "grads": [x.tolist() for x in grads], "after": after})
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
