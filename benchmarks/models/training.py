"""The data, training loop and ONNX export the training scripts share (needs Debian's python3-torch)."""
import os

import numpy as np
import torch
from torch import nn

from idx import idx

FASHION_TEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fashion-mnist")


def fashion(train_dir, n_train, n_test=2000):
    """The first n_train Fashion-MNIST training images of train_dir and the first n_test of the
    committed test images, scaled to 0..1, as [n, 1, 28, 28] tensors with their labels."""
    tx = idx(os.path.join(train_dir, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    ty = idx(os.path.join(train_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    vx = idx(os.path.join(FASHION_TEST, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    vy = idx(os.path.join(FASHION_TEST, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return (torch.from_numpy(tx[:n_train]).unsqueeze(1), torch.from_numpy(ty[:n_train]),
            torch.from_numpy(vx[:n_test]).unsqueeze(1), torch.from_numpy(vy[:n_test]))


def fit(model, opt, train_x, train_y, test_x, test_y, epochs, batch, seed, sched=None):
    """Trains `model` with `opt` on shuffled batches (cross entropy; `sched` stepped after each
    batch when given), printing the loss and the test accuracy after each epoch; returns the
    last test accuracy (a fraction)."""
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    acc = 0.0
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(train_x), generator=gen)
        total = 0.0
        for k in range(0, len(order), batch):
            b = order[k:k + batch]
            opt.zero_grad()
            loss = loss_fn(model(train_x[b]), train_y[b])
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            total += loss.item() * len(b)
        model.eval()
        with torch.no_grad():
            acc = (model(test_x).argmax(1) == test_y).float().mean().item()
        print(f"epoch {epoch + 1}: loss {total / len(train_x):.4f}, test accuracy {100 * acc:.2f} %", flush=True)
    return acc


def export(model, path, training=torch.onnx.TrainingMode.EVAL):
    """Writes `model` as ONNX (opset 13) for 28x28 one-channel images, the batch dimension free
    (training PRESERVE, with the model in eval mode, keeps batch norms as nodes of their own)."""
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, opset_version=13, input_names=["image"],
                      output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                      training=training)
