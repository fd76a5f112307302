#!/usr/bin/env python3
"""Trains a ResNet-20-style network (or the 32- and 56-layer variants of paper 002 Table 5) on
Fashion-MNIST and exports it as ONNX.

3x3 conv 1->16, batch norm, ReLU; three stages of n basic blocks (n = 3, 5, 9 for depth 20, 32,
56; 16, 32 and 64 channels,
the second and third starting with stride 2, 1x1 convolutions as shortcuts where the shape
changes); global average pooling; one dense layer 64->10. Every convolution reads a ReLU output
(or the image), so every array input is non-negative.

Training data: the 60,000 training images of Fashion-MNIST from Debian's dataset-fashion-mnist
package (/usr/share/datasets/fashion-mnist), else from the path given as the first argument.
Test: benchmarks/data/fashion-mnist (the 10,000 test images; the first 2,000 are reported).
Needs Debian's python3-torch. Run from the repository root:

    /usr/bin/python3 benchmarks/models/train_fashion_resnet.py [--depth 20|32|56] [TRAIN_DIR]

Writes benchmarks/models/fashion_resnet<depth>.onnx (depth 20 by default). Seeded (seed 1).
"""
import os
import sys

import torch
from torch import nn

from training import export, fashion, fit

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 1
EPOCHS = 4
BATCH = 128
TRAIN_IMAGES = 30000


class Block(nn.Module):
    """A basic block; folded: batch norms folded into the convolutions (biases, no norm), as exported."""

    def __init__(self, cin, cout, stride, folded=False):
        super().__init__()
        norm = (lambda c: nn.Identity()) if folded else nn.BatchNorm2d
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=folded)
        self.bn1 = norm(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=folded)
        self.bn2 = norm(cout)
        self.relu = nn.ReLU()
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=folded), norm(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet20(nn.Module):
    """The network; folded: its exported form, batch norms folded into the convolutions."""

    def __init__(self, folded=False, blocks=3):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=folded), nn.Identity() if folded else nn.BatchNorm2d(16),
                                  nn.ReLU())
        layers = []
        cin = 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for k in range(blocks):
                layers.append(Block(cin, cout, stride if k == 0 else 1, folded))
                cin = cout
        self.blocks = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.blocks(self.stem(x))), 1))


def main():
    torch.manual_seed(SEED)
    args = sys.argv[1:]
    depth = 20
    if "--depth" in args:
        k = args.index("--depth")
        depth = int(args[k + 1])
        del args[k:k + 2]
    if depth not in (20, 32, 56):
        print(f"--depth {depth}: one of 20, 32, 56", file=sys.stderr)
        return 2
    train_dir = args[0] if args else "/usr/share/datasets/fashion-mnist"
    train_x, train_y, test_x, test_y = fashion(train_dir, TRAIN_IMAGES)
    model = ResNet20(blocks=(depth - 2) // 6)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=EPOCHS * ((TRAIN_IMAGES + BATCH - 1) // BATCH))
    acc = fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED, sched)
    out = os.path.join(HERE, f"fashion_resnet{depth}.onnx")
    export(model, out)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the first 2,000 test images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
