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

Q-train (paper 004 section IV-A and Fig. 7), with --qtrain: fine-tunes the trained network with
each binary convolution split by kernel rows into arrays of at most N_in rows (--n-in; the same
splits as org.xbarsim.nn.Tiling.kernelRows) and each split's partial sum through an ADC of
--adc-bits over its full range scaled by the Q-scale --qscale about zero ([-s n, s n] for a split
of n rows, 2^b evenly spaced levels, values outside clipped: `xbarsim infer --split kernel-rows
--adc-range qscale:S`), the gradient straight through inside the range; Adam 5e-4 with a cosine
schedule, --epochs (default 1) over the first --train-images (default 5,000) training images: a
short fine-tuning against the paper's full retraining, for want of time on a 2-core machine (each
split's partial sums are computed apart, about 10x the cost of the plain convolution).

Needs Debian's python3-torch and python3-onnx (training only). From the repository root:

    /usr/bin/python3 benchmarks/models/train_fashion_bnn_resnet.py [TRAIN_DIR]
    /usr/bin/python3 benchmarks/models/train_fashion_bnn_resnet.py --qtrain --n-in 32 --adc-bits 2 --qscale 0.3
    /usr/bin/python3 benchmarks/models/train_fashion_bnn_resnet.py --qtrain --n-in 32 --adc-bits 3 --qscale 1 --ties random

The first writes benchmarks/models/fashion_bnn_resnet20.onnx and prints the test accuracy on the
first 2,000 test images; the second fine-tunes from the first's trained state (kept in
$TMPDIR/fashion_bnn_resnet20.pt; trained first when absent) and writes
fashion_bnn_resnet20_qtrain_n32_b2_s0.3.onnx; the third breaks the ADC's ties by a coin instead of
to the even level (--ties random, `xbarsim infer --adc-ties random`) and writes
fashion_bnn_resnet20_qtrain_n32_b3_s1_random-ties.onnx. Seeded (seed 1).
"""
import argparse
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
# the trained full-precision state, the starting point of the Q-train fine-tuning (not committed)
CHECKPOINT = os.path.join(os.environ.get("TMPDIR", "/tmp"), "fashion_bnn_resnet20.pt")


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


class RoundSte(torch.autograd.Function):
    """Rounding forward, the gradient straight through."""

    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g


def kernel_row_splits(c_in, n_in):
    """The splits of a 3x3 kernel over c_in channels into arrays of at most n_in rows, as
    Tiling.kernelRows makes them: per kernel row, the c_in x 3 (channel, column) pairs in even
    contiguous parts. Returns each split's rows of the unfolded kernel (index c 9 + 3 r + col),
    padded to the longest split with the index c_in 9 (a zero row), as a [splits, longest]
    tensor, and each split's row count."""
    group = c_in * 3
    parts = (group + n_in - 1) // n_in
    longest = (group + parts - 1) // parts
    index, sizes = [], []
    for r in range(3):
        for p in range(parts):
            g0, g1 = group * p // parts, group * (p + 1) // parts
            rows = [(g // 3) * 9 + 3 * r + g % 3 for g in range(g0, g1)]
            index.append(rows + [c_in * 9] * (longest - len(rows)))
            sizes.append(g1 - g0)
    return torch.tensor(index), torch.tensor(sizes, dtype=torch.float32)


class BinaryConv(nn.Conv2d):
    """A 3x3 convolution whose weights are +-1 in the forward pass; with quantize(), computed as
    the sum of its kernel-row splits' partial sums, each through the ADC."""

    def __init__(self, c_in, c_out, stride):
        super().__init__(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.frozen = False
        self.adc = None

    def quantize(self, n_in, bits, scale, ties="even"):
        index, sizes = kernel_row_splits(self.in_channels, n_in)
        self.register_buffer("index", index)
        self.register_buffer("sizes", sizes)
        self.adc = (bits, scale, ties)

    def forward(self, x):
        w = self.weight if self.frozen else WeightSign.apply(self.weight)
        if self.adc is None:
            return nn.functional.conv2d(x, w, None, self.stride, self.padding)
        bits, scale, ties = self.adc
        n, _, h, w_in = x.shape
        t, c = self.index.shape[0], self.out_channels
        h_out = (h + 2 - 3) // self.stride[0] + 1
        w_out = (w_in + 2 - 3) // self.stride[1] + 1
        # the unfolded inputs with a zero row appended, each split's rows gathered, one product per split
        cols = nn.functional.unfold(x, 3, padding=1, stride=self.stride)
        cols = torch.cat([cols, cols.new_zeros(n, 1, cols.shape[2])], 1)
        wk = torch.cat([w.reshape(c, -1), w.new_zeros(c, 1)], 1)
        g = cols[:, self.index].permute(1, 2, 0, 3).reshape(t, self.index.shape[1], -1)  # [t, longest, n L]
        y = torch.bmm(wk[:, self.index].permute(1, 0, 2), g)  # [t, c_out, n L]
        y = y.reshape(t, c, n, h_out, w_out).transpose(0, 2).transpose(1, 2)  # [n, t, c_out, h, w]
        # in double precision, a value within 1e-9 of a step from a decision threshold a tie resolved
        # to the even level: the rule of org.xbarsim.nn.Converters.Adc (sums of +-1 over an even
        # number of rows land on a threshold exactly); with ties "random", to either level by a coin
        # (adc-ties: random, the dither an array's residual errors give)
        hi = (scale * self.sizes.double()).view(1, t, 1, 1, 1)
        step = 2 * hi / ((1 << bits) - 1)
        u = (y.double().clamp(-hi, hi) + hi) / step
        f = torch.floor(u).detach()
        tie = (u - f - 0.5).abs() <= 1e-9 * u.abs().clamp(min=1)
        # a tie put on the threshold exactly (torch.round: to the even level), or a quarter step
        # below or above it (to the level below or above) by the coin
        coin = 0.5 * ((torch.rand_like(u) < 0.5).double() - 0.5) if ties == "random" else 0
        u = torch.where(tie, u - (u - f - 0.5).detach() + coin, u)
        yq = (-hi + RoundSte.apply(u) * step).to(y.dtype)
        return yq.sum(1)

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


def train_base(train_dir):
    """The binary ResNet trained from scratch; its state saved to CHECKPOINT."""
    torch.manual_seed(SEED)
    train_x, train_y, test_x, test_y = fashion(train_dir, TRAIN_IMAGES)
    model = BinaryResNet20()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS * ((TRAIN_IMAGES + BATCH - 1) // BATCH))
    fit(model, opt, train_x, train_y, test_x, test_y, EPOCHS, BATCH, SEED, sched)
    torch.save(model.state_dict(), CHECKPOINT)
    return model, test_x, test_y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qtrain", action="store_true", help="fine-tune with quantized partial sums")
    ap.add_argument("--n-in", type=int, default=32, help="the arrays' fan-in (rows), at least 1")
    ap.add_argument("--adc-bits", type=int, default=2, help="the ADC's resolution, 1 to 16 bits")
    ap.add_argument("--qscale", type=float, default=1.0, help="the Q-scale s in (0, 1]")
    ap.add_argument("--ties", choices=["even", "random"], default="even",
                    help="a partial sum on a decision threshold: to the even level, or to either by a coin")
    ap.add_argument("--epochs", type=int, default=1, help="fine-tuning epochs")
    ap.add_argument("--train-images", type=int, default=5000, help="fine-tuning images (the first of the training set)")
    ap.add_argument("train_dir", nargs="?", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()
    if (args.n_in < 1 or not 1 <= args.adc_bits <= 16 or not 0 < args.qscale <= 1 or args.epochs < 1
            or not 1 <= args.train_images <= 60000):
        ap.error(f"--n-in {args.n_in} (>= 1), --adc-bits {args.adc_bits} (1 to 16), --qscale {args.qscale} "
                 f"(0 excluded to 1), --epochs {args.epochs} (>= 1), --train-images {args.train_images} (1 to 60000)")
    if not args.qtrain:
        model, test_x, test_y = train_base(args.train_dir)
        name = "fashion_bnn_resnet20.onnx"
    else:
        if os.path.exists(CHECKPOINT):
            model = BinaryResNet20()
            model.load_state_dict(torch.load(CHECKPOINT))
        else:
            model, _, _ = train_base(args.train_dir)
        torch.manual_seed(SEED)
        train_x, train_y, test_x, test_y = fashion(args.train_dir, args.train_images)
        for m in model.modules():
            if isinstance(m, BinaryConv):
                m.quantize(args.n_in, args.adc_bits, args.qscale, args.ties)
        model.eval()
        with torch.no_grad():
            acc = (model(test_x).argmax(1) == test_y).float().mean().item()
        print(f"before Q-train: test accuracy {100 * acc:.2f} % with N_in {args.n_in}, {args.adc_bits}-bit ADC, "
              f"s = {args.qscale}, ties {args.ties}", flush=True)
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.epochs * ((args.train_images + BATCH - 1) // BATCH))
        fit(model, opt, train_x, train_y, test_x, test_y, args.epochs, BATCH, SEED, sched)
        for m in model.modules():
            if isinstance(m, BinaryConv):
                m.adc = None
        ties = "" if args.ties == "even" else "_random-ties"
        name = f"fashion_bnn_resnet20_qtrain_n{args.n_in}_b{args.adc_bits}_s{args.qscale:g}{ties}.onnx"
    model.prepare_export()
    model.eval()
    with torch.no_grad():
        acc = (model(test_x).argmax(1) == test_y).float().mean().item()
    out = os.path.join(HERE, name)
    # PRESERVE keeps each batch norm a node of its own (EVAL would fold it into the +-1 weights)
    export(model, out, torch.onnx.TrainingMode.PRESERVE)
    print(f"written: {out} (software test accuracy {100 * acc:.2f} % on the first 2,000 test images, +-1 weights "
          f"and inputs on the binary convolutions, partial sums unquantized)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
