#!/usr/bin/python3
"""PyTorch 1.13's side of RaggedLstmBenchmark: forward + backward of the book's chapter-5 model
(Embedding(20000, 300) -> LSTM(300, 100) through pack_padded_sequence -> Linear(100, 2)) on a batch
of 64 padded rows of 40 token ids with random lengths 15..40, then one torch.optim.Adam step (lr
1e-3); prints the medians of forward, backward, both, and the step, in ms.

    /usr/bin/python3 bench/lstm_packed_reference.py [threads] [steps]
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence


class OurFirstLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 300)
        self.encoder = nn.LSTM(300, 100, batch_first=True)
        self.predictor = nn.Linear(100, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.embedding(x), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.encoder(packed)
        return self.predictor(h_n[-1])


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = OurFirstLSTM()
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, 20000, (64, 40), generator=g)
    lengths = torch.randint(15, 41, (64,), generator=g)
    y = torch.randint(0, 2, (64,), generator=g)
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    forward, backward, both, update = [], [], [], []
    for i in range(steps + 3):
        start = time.perf_counter()
        model.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x, lengths), y)
        forward_end = time.perf_counter()
        loss.backward()
        backward_end = time.perf_counter()
        adam.step()
        update_end = time.perf_counter()
        if i >= 3:
            forward.append((forward_end - start) * 1000)
            backward.append((backward_end - forward_end) * 1000)
            both.append((backward_end - start) * 1000)
            update.append((update_end - backward_end) * 1000)
    m = statistics.median
    print(f"torch {torch.__version__} threads {threads}: {m(both):.2f} ms per forward+backward"
          f" (forward {m(forward):.2f}, backward {m(backward):.2f}), {m(update):.2f} ms per Adam step")

if __name__ == "__main__":
    main()
