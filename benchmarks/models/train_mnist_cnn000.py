#!/usr/bin/env python3
"""Trains paper 000's small MNIST CNN with its seven dense-layer configurations (its Table I), with
full-precision, binary (BNN) and ternary (TNN) dense-layer weights, and exports each as ONNX.

conv 3x3 1->32 -> ReLU -> max pool 2 -> conv 3x3 32->64 -> ReLU -> max pool 2 -> flatten (1,600)
-> the dense layers of the configuration (ReLU between them):

    depth0: 10         initial: 128-10          depth2: 128-256-10     depth3: 128-256-128-10
    width1: 256-10     width2: 512-10           width3: 1024-10

Full precision: Adam 1e-3, 10 epochs of batch 64 on the first 8,000 images of
benchmarks/data/mnist10k, tested on the last 2,000 (the paper: the 60,000 MNIST training images).
BNN and TNN: the full-precision network fine-tuned 4 epochs (Adam 1e-3) with its dense layers'
weights binary, alpha sign(W) with alpha = mean |W| per layer, or ternary, alpha in {-1, 0, 1}
with threshold 0.7 mean |W| and alpha the mean |W| above it, in the forward pass and
straight-through gradients to the full-precision weights; the exported dense weights are the
binary or ternary values (biases and convolutions in full precision).

Needs Debian's python3-torch (training only). From the repository root:

    /usr/bin/python3 benchmarks/models/train_mnist_cnn000.py [CONFIG ...]

Writes benchmarks/models/mnist000_CONFIG_{float,bnn,tnn}.onnx for every configuration given (all
seven by default) and prints each test accuracy. Seeded (seed 1).
"""
import os
import sys

import numpy as np
import torch
from torch import nn

from idx import idx
from training import export, fit

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "mnist10k")
SEED = 1
EPOCHS = 10
FINE_TUNE_EPOCHS = 4
BATCH = 64
CONFIGS = {
    "depth0": [10], "initial": [128, 10], "depth2": [128, 256, 10], "depth3": [128, 256, 128, 10],
    "width1": [256, 10], "width2": [512, 10], "width3": [1024, 10],
}


class Sign(torch.autograd.Function):
    """Binary or ternary weights forward, the gradient straight through."""

    @staticmethod
    def forward(ctx, w, kind):
        a = w.abs()
        if kind == "bnn":
            return a.mean() * torch.where(w >= 0, torch.ones_like(w), -torch.ones_like(w))
        t = 0.7 * a.mean()
        keep = a > t
        alpha = a[keep].mean() if keep.any() else a.mean()
        return alpha * torch.sign(w) * keep

    @staticmethod
    def backward(ctx, g):
        return g, None


class DenseLayer(nn.Linear):
    """A dense layer whose weights are binary or ternary in the forward pass (kind 'float': as is)."""

    def __init__(self, n_in, n_out):
        super().__init__(n_in, n_out)
        self.kind = "float"

    def forward(self, x):
        w = self.weight if self.kind == "float" else Sign.apply(self.weight, self.kind)
        return nn.functional.linear(x, w, self.bias)

    def freeze(self):
        """Writes the forward weights into the layer, for export."""
        if self.kind != "float":
            with torch.no_grad():
                self.weight.copy_(Sign.apply(self.weight, self.kind))
            self.kind = "float"


class Cnn000(nn.Module):
    def __init__(self, dense):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        layers = []
        n_in = 64 * 5 * 5
        for k, n in enumerate(dense):
            layers.append(DenseLayer(n_in, n))
            if k < len(dense) - 1:
                layers.append(nn.ReLU())
            n_in = n
        self.dense = nn.Sequential(*layers)

    def forward(self, x):
        return self.dense(self.features(x))

    def dense_layers(self):
        return [m for m in self.dense if isinstance(m, DenseLayer)]


def main(argv):
    names = argv or list(CONFIGS)
    images = idx(os.path.join(DATA, "mnist10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = idx(os.path.join(DATA, "mnist10k-labels-idx1-ubyte.gz")).astype(np.int64)
    x = torch.from_numpy(images).unsqueeze(1)
    y = torch.from_numpy(labels)
    train_x, train_y, test_x, test_y = x[:8000], y[:8000], x[8000:], y[8000:]
    for name in names:
        torch.manual_seed(SEED)
        model = Cnn000(CONFIGS[name])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        print(f"== {name} ({'-'.join(map(str, CONFIGS[name]))}), full precision", flush=True)
        acc = fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED)
        export(model, os.path.join(HERE, f"mnist000_{name}_float.onnx"))
        print(f"written: mnist000_{name}_float.onnx (test accuracy {100 * acc:.2f} %)", flush=True)
        state = {k: v.clone() for k, v in model.state_dict().items()}
        for kind in ("bnn", "tnn"):
            model.load_state_dict(state)
            for m in model.dense_layers():
                m.kind = kind
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            print(f"== {name}, {kind} dense layers", flush=True)
            acc = fit(model, opt, train_x, train_y, test_x, test_y, FINE_TUNE_EPOCHS, BATCH, SEED)
            for m in model.dense_layers():
                m.freeze()
            export(model, os.path.join(HERE, f"mnist000_{name}_{kind}.onnx"))
            print(f"written: mnist000_{name}_{kind}.onnx (test accuracy {100 * acc:.2f} %)", flush=True)
            for m in model.dense_layers():
                m.kind = "float"
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
