#!/usr/bin/env python3
"""Trains paper 001's MLP (784-32-10) on MNIST and exports it as ONNX, plain and noise-aware.

flatten 28x28 -> dense 784->32 -> ReLU -> dense 32->10 (10 logits). Paper 001 trains on the
60,000 MNIST training images and tests on the 10,000 test images; the bundled set has 10,000
images, so this trains on the first 8,000 and tests on the last 2,000. ReLU in place of the
paper's sigmoid (the paper allows either; ReLU keeps every array input non-negative).

With --noise DELTA it trains noise-aware (paper 003 section 3.2): every forward pass adds to
each weight a Gaussian of sigma DELTA x max|W| of its layer, drawn afresh each batch.

Needs Debian's python3-torch (training only). Run from the repository root:

    /usr/bin/python3 benchmarks/models/train_mnist_mlp.py                 # mnist_mlp.onnx
    /usr/bin/python3 benchmarks/models/train_mnist_mlp.py --noise 0.1     # mnist_mlp_noise.onnx
    /usr/bin/python3 benchmarks/models/train_mnist_mlp.py --sigmoid       # mnist_mlp_sigmoid.onnx

Seeded (seed 1); prints the test accuracy after each epoch.
"""
import argparse
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
EPOCHS = 40
SIGMOID_EPOCHS = 200
SIGMOID_BATCH = 8
BATCH = 64


class NoisyLinear(nn.Linear):
    """A dense layer whose weights carry a fresh Gaussian of sigma delta x max|W| in training."""

    def __init__(self, n_in, n_out, delta):
        super().__init__(n_in, n_out)
        self.delta = delta

    def forward(self, x):
        w = self.weight
        if self.training and self.delta > 0:
            w = w + torch.randn_like(w) * (self.delta * w.detach().abs().max())
        return nn.functional.linear(x, w, self.bias)


class Mlp(nn.Module):
    def __init__(self, delta, sigmoid):
        super().__init__()
        self.flatten = nn.Flatten()
        self.hidden = NoisyLinear(784, 32, delta)
        self.out = NoisyLinear(32, 10, delta)
        self.act = torch.sigmoid if sigmoid else torch.relu

    def forward(self, x):
        return self.out(self.act(self.hidden(self.flatten(x))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--noise", type=float, default=0.0, help="delta of noise-aware training (0: plain)")
    ap.add_argument("--sigmoid", action="store_true", help="the paper's sigmoid units and SGD recipe")
    args = ap.parse_args()
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    images = idx(os.path.join(DATA, "mnist10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = idx(os.path.join(DATA, "mnist10k-labels-idx1-ubyte.gz")).astype(np.int64)
    x = torch.from_numpy(images).unsqueeze(1)
    y = torch.from_numpy(labels)
    train_x, train_y, test_x, test_y = x[:8000], y[:8000], x[8000:], y[8000:]
    model = Mlp(args.noise, args.sigmoid)
    if args.sigmoid:
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        acc = fit(model, opt, train_x, train_y, test_x, test_y, SIGMOID_EPOCHS, SIGMOID_BATCH, SEED)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        acc = fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED)
    name = "mnist_mlp" + ("_noise" if args.noise > 0 else "") + ("_sigmoid" if args.sigmoid else "") + ".onnx"
    out = os.path.join(HERE, name)
    export(model, out)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the last 2,000 images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
