#!/usr/bin/env python3
"""Trains the 4-layer MNIST CNN of paper 002 Table 4 and exports it as ONNX.

conv 5x5x1x20 -> ReLU -> max pool 2 -> conv 5x5x20x50 -> ReLU -> max pool 2 -> conv 4x4x50x500
-> ReLU -> conv 1x1x500x10 -> flatten (10 logits). Trained on the first 8,000 images of
benchmarks/data/mnist10k, tested on the last 2,000. Needs Debian's python3-torch (training only;
XbarSim reads the exported model). Run from the repository root:

    /usr/bin/python3 benchmarks/models/train_mnist_cnn.py

Writes benchmarks/models/mnist_cnn.onnx and prints the test accuracy. Seeded (seed 1).
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
EPOCHS = 12
BATCH = 64


class TableFourCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(50, 500, 4), nn.ReLU(),
            nn.Conv2d(500, 10, 1), nn.Flatten())

    def forward(self, x):
        return self.features(x)


def main():
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    images = idx(os.path.join(DATA, "mnist10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = idx(os.path.join(DATA, "mnist10k-labels-idx1-ubyte.gz")).astype(np.int64)
    x = torch.from_numpy(images).unsqueeze(1)
    y = torch.from_numpy(labels)
    train_x, train_y, test_x, test_y = x[:8000], y[:8000], x[8000:], y[8000:]
    model = TableFourCnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    acc = fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED)
    out = os.path.join(HERE, "mnist_cnn.onnx")
    export(model, out)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the last 2,000 images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
