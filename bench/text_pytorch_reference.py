#!/usr/bin/python3
"""PyTorch's side of bench/text-vs-pytorch.sh: the book's chapter-5 tweet classifier written as a reader would write
it today with torchtext 0.14's API, the yardstick for LayerBench's text training (issue 23).

Reads Sentiment140's CSV with the csv module (encoding utf-8, errors="replace": the book's fix for its
UnicodeDecodeError), text column 5, label column 0 (polarity 0/4 -> classes 0/1, sorted), splits it train/val
(seeded, stratified), tokenizes with torchtext's basic_english, builds the vocabulary over the training split with
build_vocab_from_iterator(min_freq=1, specials=["<unk>", "<pad>"]) and default index <unk>, truncates the ids to
--max-length and pads them per batch (dynamic) or to --max-length (fixed). The model is chapter 5's
Embedding(V, 300) -> LSTM(300, 100) -> Linear(100, 2) on the final hidden state, the batch packed with
pack_padded_sequence(enforce_sorted=False) so the state is the one at each text's last real token. Adam (lr 1e-3,
LayerBench's default), cross-entropy, batch 64, a seeded shuffling DataLoader, --threads torch threads.

torchtext: Debian's python3-torchtext 0.14 cannot import its C extension (torchtext._torchtext), so its package is
not imported; torchtext/data/utils.py (get_tokenizer) and torchtext/vocab/vocab_factory.py
(build_vocab_from_iterator) are loaded file by file from the installed package, together with the plain-Python
modules they import (vocab/vocab.py, utils.py). Only the C++ Vocab object (VocabPybind) is replaced, by
_VocabStandIn below: a list of tokens, a dict of their indices and a default index, which is all the Vocab wrapper
asks of it here.

Prints one line per epoch on stderr and one JSON document on stdout: the seconds to tokenize all rows, build the
vocabulary and turn the texts into ids, the training samples/s of each epoch (and the median of the epochs after
the first, as the image reference reports it), validation accuracy per epoch, peak RSS.

usage: /usr/bin/python3 bench/text_pytorch_reference.py [--data CSV] [--epochs 4] [--batch 64] [--max-length 64]
       [--padding dynamic|fixed] [--val-split 0.2] [--lr 0.001] [--threads 2] [--seed 1]
"""
import argparse
import csv
import importlib
import json
import os
import random
import statistics
import sys
import time
import types

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

TORCHTEXT = "/usr/lib/python3/dist-packages/torchtext"
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "text",
                    "sentiment140-excerpt.csv")


class _VocabStandIn:
    """The C++ torchtext._torchtext.Vocab (VocabPybind) in Python: what torchtext.vocab.Vocab calls on it."""

    def __init__(self, tokens, default_index):
        self.itos_ = list(tokens)
        self.stoi_ = {t: i for i, t in enumerate(self.itos_)}
        self.default_index_ = default_index

    def __len__(self):
        return len(self.itos_)

    def __contains__(self, token):
        return token in self.stoi_

    def __getitem__(self, token):
        i = self.stoi_.get(token)
        if i is not None:
            return i
        if self.default_index_ is None:
            raise RuntimeError(f"Token {token} not found and default index is not set")
        return self.default_index_

    def set_default_index(self, index):
        self.default_index_ = index

    def get_default_index(self):
        return self.default_index_

    def lookup_indices(self, tokens):
        return [self[t] for t in tokens]

    def lookup_token(self, index):
        return self.itos_[index]

    def lookup_tokens(self, indices):
        return [self.itos_[i] for i in indices]

    def get_stoi(self):
        return dict(self.stoi_)

    def get_itos(self):
        return list(self.itos_)


def load_torchtext():
    """get_tokenizer and build_vocab_from_iterator from the installed torchtext's own files (see the docstring)."""
    def package(name, path):
        m = types.ModuleType(name)
        m.__path__ = [path]
        sys.modules[name] = m
        return m

    root = package("torchtext", TORCHTEXT)
    root._CACHE_DIR = os.path.expanduser("~/.torchtext/cache")
    package("torchtext.data", os.path.join(TORCHTEXT, "data"))
    package("torchtext.vocab", os.path.join(TORCHTEXT, "vocab"))
    ext = types.ModuleType("torchtext._torchtext")
    ext.Vocab = _VocabStandIn
    sys.modules["torchtext._torchtext"] = ext
    utils = importlib.import_module("torchtext.data.utils")
    factory = importlib.import_module("torchtext.vocab.vocab_factory")
    return utils.get_tokenizer, factory.build_vocab_from_iterator


class TweetLSTM(nn.Module):
    """Chapter 5's model: Embedding -> LSTM -> Linear on the last hidden state."""

    def __init__(self, vocab_size, embedding_dim=300, hidden_size=100, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.encoder = nn.LSTM(input_size=embedding_dim, hidden_size=hidden_size, num_layers=1, batch_first=True)
        self.predictor = nn.Linear(hidden_size, num_classes)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (hidden, _) = self.encoder(packed)
        return self.predictor(hidden[-1])


def read_rows(path):
    texts, labels = [], []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(f):
            labels.append(row[0])
            texts.append(row[5])
    return texts, labels


def stratified_split(labels, val_split, seed):
    rng = random.Random(seed)
    train, val = [], []
    for c in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == c]
        rng.shuffle(idx)
        n_val = round(len(idx) * val_split)
        val += idx[:n_val]
        train += idx[n_val:]
    return sorted(train), sorted(val)


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=DATA)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--max-length", type=int, default=64)
    p.add_argument("--padding", default="dynamic", choices=["dynamic", "fixed"])
    p.add_argument("--val-split", type=float, default=0.2)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    get_tokenizer, build_vocab_from_iterator = load_torchtext()

    texts, raw_labels = read_rows(a.data)
    classes = sorted(set(raw_labels))
    labels = [classes.index(y) for y in raw_labels]
    train_idx, val_idx = stratified_split(raw_labels, a.val_split, a.seed)

    t0 = time.perf_counter()
    tokenizer = get_tokenizer("basic_english")
    tokens = [tokenizer(t) for t in texts]
    t1 = time.perf_counter()
    vocab = build_vocab_from_iterator((tokens[i] for i in train_idx), min_freq=1, specials=["<unk>", "<pad>"])
    vocab.set_default_index(vocab["<unk>"])
    t2 = time.perf_counter()
    ids = [vocab(t)[: a.max_length] for t in tokens]
    t3 = time.perf_counter()
    pad = vocab["<pad>"]
    empty = sum(1 for x in ids if not x)
    # pack_padded_sequence refuses a length of 0; a text with no tokens is one <pad> of length 1.
    ids = [x if x else [pad] for x in ids]

    def collate(batch):
        seqs = [torch.tensor(x, dtype=torch.int64) for x, _ in batch]
        if a.padding == "fixed":  # pad_sequence pads to the longest: make the first one L long
            seqs[0] = torch.nn.functional.pad(seqs[0], (0, a.max_length - len(seqs[0])), value=pad)
        return (pad_sequence(seqs, batch_first=True, padding_value=pad),
                torch.tensor([len(x) for x, _ in batch], dtype=torch.int64),
                torch.tensor([y for _, y in batch], dtype=torch.int64))

    train_ds = [(ids[i], labels[i]) for i in train_idx]
    val_ds = [(ids[i], labels[i]) for i in val_idx]
    g = torch.Generator()
    g.manual_seed(a.seed)
    train_dl = torch.utils.data.DataLoader(train_ds, batch_size=a.batch, shuffle=True, generator=g, collate_fn=collate)
    val_dl = torch.utils.data.DataLoader(val_ds, batch_size=a.batch, shuffle=False, collate_fn=collate)

    model = TweetLSTM(len(vocab), num_classes=len(classes))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    rates, accs = [], []
    for epoch in range(1, a.epochs + 1):
        model.train()
        seen, total_loss = 0, 0.0
        start = time.perf_counter()
        for x, lengths, y in train_dl:
            opt.zero_grad()
            loss = loss_fn(model(x, lengths), y)
            loss.backward()
            opt.step()
            total_loss += loss.item() * y.shape[0]
            seen += y.shape[0]
        secs = time.perf_counter() - start
        model.eval()
        correct = count = 0
        with torch.no_grad():
            for x, lengths, y in val_dl:
                correct += (model(x, lengths).argmax(1) == y).sum().item()
                count += y.shape[0]
        rates.append(seen / secs)
        accs.append(correct / count)
        print(f"epoch {epoch}: {seen / secs:.1f} samples/s  train_loss {total_loss / seen:.4f}  "
              f"val_acc {correct / count:.3f}", file=sys.stderr, flush=True)

    steady = rates[1:] if len(rates) > 1 else rates
    print(json.dumps({
        "stack": f"pytorch-{torch.__version__}",
        "data": os.path.basename(a.data),
        "rows": len(texts), "train": len(train_idx), "val": len(val_idx), "classes": classes,
        "vocab": len(vocab), "empty_texts": empty,
        "max_length": a.max_length, "padding": a.padding, "batch": a.batch, "epochs": a.epochs,
        "threads": a.threads, "seed": a.seed,
        "tokenize_s": round(t1 - t0, 3), "vocab_s": round(t2 - t1, 3), "numericalize_s": round(t3 - t2, 3),
        "tokenize_vocab_s": round(t3 - t0, 3),
        "train_samples_per_s": [round(r, 1) for r in rates],
        "train_samples_per_s_median": round(statistics.median(steady), 1),
        "val_acc": [round(x, 4) for x in accs],
        "peak_rss_mb": peak_rss_mb(),
    }))


if __name__ == "__main__":
    main()
