#!/usr/bin/env python3
"""Trains a binary ResNet-20 after paper 004 (its Table I blocks and Fig. 6(b) residual unit) on
Fashion-MNIST in place of CIFAR-10, and exports it as ONNX.

Every residual unit: y = BN(conv3x3_binary(Sign(x))) + shortcut(x), the skip path in full
precision (paper 004 Fig. 6(b): the batch norm after the convolution, before the addition).
Binary weights are +-1 exactly (their scale left to the batch norm, which stays a separate
BatchNormalization node in the ONNX file), binary inputs the Sign of the unit's input. Three
stages of three blocks of two units (16, 32 and 64 channels: a quarter of paper 004's 64, 128 and
256, so that the arrays' fan-in N_in of 64, 32 and 16 give its Table I splits: 3, 6 and 9 arrays
per kernel for the first stage and so on). Where a stage halves the image, the shortcut is a 2x2
average pool, a full-precision 1x1 convolution and a batch norm. The first convolution
(full precision, 1 -> 16) and the output layer (global average pool, dense 64 -> 10) stay off the
arrays, as in the paper.

Adam 2e-3 with a cosine schedule, 6 epochs of batch 128 over the first 30,000 Fashion-MNIST
training images, straight-through gradients for Sign (clipped to |x| <= 1) and for the binary
weights; the paper trains 500 epochs on CIFAR-10.

Needs Debian's python3-torch and python3-onnx (training only). From the repository root:

    /usr/bin/python3 benchmarks/models/train_fashion_bnn_resnet.py [TRAIN_DIR]

Writes benchmarks/models/fashion_bnn_resnet20.onnx and prints the test accuracy on the first 2,000
test images. Seeded (seed 1).
"""
import os
import sys

import torch
from torch import nn

from training import export, fashion, fit

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 1
EPOCHS = 6
BATCH = 128
TRAIN_IMAGES = 30000


class SignSte(torch.autograd.Function):
    """Sign forward (+1 at 0), the gradient straight through where |x| <= 1."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class WeightSign(torch.autograd.Function):
    """+-1 weights forward, the gradient straight through to the full-precision weights."""

    @staticmethod
    def forward(ctx, w):
        return torch.where(w >= 0, torch.ones_like(w), -torch.ones_like(w))

    @staticmethod
    def backward(ctx, g):
        return g


class BinarySign(nn.Module):
    """Sign of the input: the STE in training, ONNX's Sign once exported."""

    def __init__(self):
        super().__init__()
        self.exporting = False

    def forward(self, x):
        return torch.sign(x) if self.exporting else SignSte.apply(x)


class BinaryConv(nn.Conv2d):
    """A 3x3 convolution whose weights are +-1 in the forward pass."""

    def __init__(self, c_in, c_out, stride):
        super().__init__(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.frozen = False

    def forward(self, x):
        w = self.weight if self.frozen else WeightSign.apply(self.weight)
        return nn.functional.conv2d(x, w, None, self.stride, self.padding)

    def freeze(self):
        with torch.no_grad():
            self.weight.copy_(torch.where(self.weight >= 0, 1.0, -1.0))
        self.frozen = True


class Unit(nn.Module):
    """y = BN(BinaryConv(Sign(x))) + shortcut(x)."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.sign = BinarySign()
        self.conv = BinaryConv(c_in, c_out, stride)
        self.bn = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Identity() if stride == 1 and c_in == c_out else nn.Sequential(
            nn.AvgPool2d(2), nn.Conv2d(c_in, c_out, 1, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        return self.bn(self.conv(self.sign(x))) + self.shortcut(x)


class BinaryResNet20(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16))
        units = []
        c_in = 16
        for c, stride in ((16, 1), (32, 2), (64, 2)):
            for b in range(3):
                units.append(Unit(c_in, c, stride if b == 0 else 1))
                units.append(Unit(c, c, 1))
                c_in = c
        self.units = nn.Sequential(*units)
        self.head = nn.Sequential(nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

    def forward(self, x):
        return self.head(self.units(self.stem(x)))

    def prepare_export(self):
        for m in self.modules():
            if isinstance(m, BinaryConv):
                m.freeze()
            if isinstance(m, BinarySign):
                m.exporting = True


def main():
    train_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    torch.manual_seed(SEED)
    train_x, train_y, test_x, test_y = fashion(train_dir, TRAIN_IMAGES)
    model = BinaryResNet20()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS * ((TRAIN_IMAGES + BATCH - 1) // BATCH))
    fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED, sched)
    model.prepare_export()
    model.eval()
    with torch.no_grad():
        acc = (model(test_x).argmax(1) == test_y).float().mean().item()
    out = os.path.join(HERE, "fashion_bnn_resnet20.onnx")
    # PRESERVE keeps each batch norm a node of its own (EVAL would fold it into the +-1 weights)
    export(model, out, torch.onnx.TrainingMode.PRESERVE)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the first 2,000 test images, +-1 weights and inputs "
          f"on the binary convolutions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
