#!/usr/bin/env python3
"""Quantization-aware fine-tuning of the Fashion-MNIST ResNet-20 to V weight levels per layer
(paper 003 Algorithm 1, section 3.3), exported as ONNX with the weights on their levels.

Starts from benchmarks/models/fashion_resnet20.onnx (batch norm folded into the convolutions by
the exporter, so what is fine-tuned is what goes on arrays: 21 convolutions and the dense layer,
with biases). Each layer has its own Lloyd quantizer (iterated centroids, least mean squared
error; the same algorithm as org.xbarsim.mapping.Quantizer.lloyd), fit on the layer's weights at
the start of every epoch and again whenever the weights have moved by more than T = 5 % (L1,
relative) since the last fit: our reading of the algorithm's projection test. The forward pass
uses the quantized weights (plus, with --noise DELTA, a fresh Gaussian of sigma
DELTA x max|Wq| per layer, section 3.2), the backward pass updates the full-precision weights
through them (straight-through). SGD with momentum 0.9 over the first 30,000 training images:
2 epochs at learning rate 0.01, a third at 0.001. The exported weights sit on the levels of the
quantizer the last steps trained with (no re-fit after training: a re-fit on the final
full-precision weights moves the levels away from where the network was trained).

Needs Debian's python3-torch and python3-onnx (training only). From the repository root:

    /usr/bin/python3 benchmarks/models/train_fashion_resnet_qat.py --levels 3 [--noise 0.01] [TRAIN_DIR]

Writes benchmarks/models/fashion_resnet20_3l.onnx (or _3l_noise). Seeded (seed 1).
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

from train_fashion_resnet import ResNet20
from training import export, fashion

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 1
EPOCHS = 3
RATES = (0.01, 0.01, 0.001)
BATCH = 128
TRAIN_IMAGES = 30000
REFIT = 0.05


def lloyd(w, n, tol=1e-9, max_iter=1000):
    """Lloyd's quantizer of the values w: the levels and the edges between them."""
    x = np.sort(w.ravel().astype(np.float64))
    lo, hi = x[0], x[-1]
    width = (hi - lo) / n
    q = lo + (np.arange(n) + 0.5) * width
    err = None
    for _ in range(max_iter):
        e = 0.5 * (q[1:] + q[:-1])
        cell = np.searchsorted(e, x, side="left")
        for k in range(n):
            sel = x[cell == k]
            if sel.size:
                q[k] = sel.mean()
        q = np.unique(q)
        e = 0.5 * (q[1:] + q[:-1])
        new = np.mean((q[np.searchsorted(e, x, side="left")] - x) ** 2)
        if err is not None and abs(err - new) <= tol * max(err, 1e-300):
            break
        err = new
    return q, 0.5 * (q[1:] + q[:-1])


class QuantizedWeight:
    """A layer's Lloyd quantizer, re-fit when the weights move."""

    def __init__(self, module, levels):
        self.module = module
        self.levels = levels
        self.fit()

    def fit(self):
        w = self.module.weight.detach().cpu().numpy()
        q, e = lloyd(w, self.levels)
        self.q = torch.tensor(q, dtype=torch.float32)
        self.e = torch.tensor(e, dtype=torch.float32)
        self.at = self.module.weight.detach().clone()

    def moved(self):
        w = self.module.weight.detach()
        return (w - self.at).abs().sum() / self.at.abs().sum() > REFIT

    def quantized(self):
        w = self.module.weight
        return self.q[torch.bucketize(w.detach(), self.e, right=False)]


def scope(name, op):
    """The ONNX node output a module's Conv or Gemm writes: blocks.3.shortcut.0 -> /blocks/blocks.3/shortcut/shortcut.0/Conv_output_0."""
    parts = name.split(".")
    out = []
    for p in parts:
        if p.isdigit():
            out[-1] = out[-1] + "." + p
        else:
            out.append(p)
    full = []
    for s in out:
        head = s.split(".")[0]
        full.append(head)
        if s != head:
            full.append(s)
    return "/" + "/".join(full) + "/" + op + "_output_0"


def load(model, path):
    g = onnx.load(path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    by_output = {n.output[0]: n for n in g.node if n.op_type in ("Conv", "Gemm")}
    gemms = [n for n in g.node if n.op_type == "Gemm"]
    loaded = 0
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            key = scope(name, "Conv" if isinstance(m, nn.Conv2d) else "Gemm")
            # the last dense layer writes the graph's output (logits), not its scope's name
            node = by_output[key] if key in by_output or isinstance(m, nn.Conv2d) else gemms[0]
            m.weight.data = torch.from_numpy(inits[node.input[1]].copy())
            m.bias.data = torch.from_numpy(inits[node.input[2]].copy())
            loaded += 1
    return loaded


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", type=int, required=True)
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("train_dir", nargs="?", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()
    torch.manual_seed(SEED)
    train_x, train_y, test_x, test_y = fashion(args.train_dir, TRAIN_IMAGES)
    model = ResNet20(folded=True)
    n = load(model, os.path.join(HERE, "fashion_resnet20.onnx"))
    layers = [QuantizedWeight(m, args.levels) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    print(f"{n} layers loaded; {args.levels} levels each", flush=True)

    def evaluate(quantized):
        saved = [m.module.weight.data.clone() for m in layers]
        if quantized:
            for m in layers:
                m.module.weight.data = m.quantized()
        model.eval()
        with torch.no_grad():
            acc = (model(test_x).argmax(1) == test_y).float().mean().item()
        for m, w in zip(layers, saved):
            m.module.weight.data = w
        return acc

    print(f"full precision {100 * evaluate(False):.2f} %, quantized before fine-tuning {100 * evaluate(True):.2f} %", flush=True)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        for group in opt.param_groups:
            group["lr"] = RATES[epoch]
        for m in layers:
            m.fit()
        model.train()
        order = torch.randperm(len(train_x), generator=gen)
        total = 0.0
        refits = 0
        for k in range(0, len(order), BATCH):
            b = order[k:k + BATCH]
            full = [m.module.weight.data.clone() for m in layers]
            for m in layers:
                wq = m.quantized()
                if args.noise > 0:
                    wq = wq + torch.randn_like(wq) * (args.noise * wq.abs().max())
                m.module.weight.data = wq  # the forward and backward passes see the quantized weights
            opt.zero_grad()
            loss = loss_fn(model(train_x[b]), train_y[b])
            loss.backward()
            for m, w in zip(layers, full):
                m.module.weight.data = w  # the gradient updates the full-precision weights (straight-through)
            opt.step()
            for m in layers:
                if m.moved():
                    m.fit()
                    refits += 1
            total += loss.item() * len(b)
        print(f"epoch {epoch + 1}: loss {total / len(train_x):.4f}, {refits} quantizer re-fits, quantized test accuracy "
              f"{100 * evaluate(True):.2f} %", flush=True)
    for m in layers:
        m.module.weight.data = m.quantized()
    acc = evaluate(False)
    name = f"fashion_resnet20_{args.levels}l" + ("_noise" if args.noise > 0 else "") + ".onnx"
    out = os.path.join(HERE, name)
    export(model, out)
    print(f"written: {out} (test accuracy {100 * acc:.2f} % on the first 2,000 test images, weights on their levels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
