#!/usr/bin/env python3
"""Trains paper 001's 3-conv + 2-FC CNN (its Table 2, Fig. 11) on Fashion-MNIST; exports ONNX.

Paper 001 trains this network (Caffe's three-convolution CIFAR-10 model) on CIFAR-10; the
project has no CIFAR-10, so Fashion-MNIST stands in (28x28x1 in place of 32x32x3):
conv 5x5 1->32 (pad 2), ReLU, max pool 2; conv 5x5 32->32 (pad 2), ReLU, max pool 2;
conv 5x5 32->64 (pad 2), ReLU, max pool 2; dense 576->64, ReLU; dense 64->10. Every array
input is a ReLU output or the image, so non-negative.

Training data: the 60,000 training images of Fashion-MNIST from Debian's dataset-fashion-mnist
package (/usr/share/datasets/fashion-mnist), else the folder given as the first argument. Test:
the first 2,000 of benchmarks/data/fashion-mnist's 10,000 test images. Needs Debian's
python3-torch (training only). Run from the repository root:

    /usr/bin/python3 benchmarks/models/train_fashion_cnn.py [TRAIN_DIR]

Writes benchmarks/models/fashion_cnn3c2f.onnx. Seeded (seed 1).
"""
import os
import sys

import numpy as np
import torch
from torch import nn

from idx import idx
from training import export, fit

HERE = os.path.dirname(os.path.abspath(__file__))
TEST = os.path.join(HERE, "..", "data", "fashion-mnist")
SEED = 1
EPOCHS = 3
BATCH = 128


class Cnn3c2f(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.features(x)


def main():
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    train_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    tx = idx(os.path.join(train_dir, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    ty = idx(os.path.join(train_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    vx = idx(os.path.join(TEST, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    vy = idx(os.path.join(TEST, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    train_x = torch.from_numpy(tx).unsqueeze(1)
    train_y = torch.from_numpy(ty)
    test_x = torch.from_numpy(vx[:2000]).unsqueeze(1)
    test_y = torch.from_numpy(vy[:2000])
    model = Cnn3c2f()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    acc = fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED)
    out = os.path.join(HERE, "fashion_cnn3c2f.onnx")
    export(model, out)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the first 2,000 test images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
