#!/usr/bin/env python3
"""Same-machine baseline for `snn4j bench train`: the snnTorch tutorial 5 workload written in plain
PyTorch (no snnTorch needed; PyPI is not reachable on the project's machines, Debian's
python3-torch is).

Arithmetic as in snnTorch tutorial 5 with snntorch.Leaky defaults: 784-1000-10, LIF beta = 0.95,
threshold 1, reset by subtraction with the reset term detached, arctan surrogate (alpha = 2),
T = 25, batch 128, the image fed to fc1 at every step, loss = sum over steps of the cross-entropy
of the output membrane, Adam(lr=5e-4, betas=(0.9, 0.999)).

Usage: python3 bench/pytorch/tutorial5_baseline.py [threads ...]   (default: 1 2)
Prints training and inference samples/s per thread count, then one JSON line.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn

T, B, BETA, THRESHOLD, ALPHA = 25, 128, 0.95, 1.0, 2.0
WARMUP, TIMED, INFER_BATCHES = 5, 20, 40


class ArctanSpike(torch.autograd.Function):
    """Heaviside forward; d/dx = (alpha/2) / (1 + (pi/2 * alpha * x)^2) backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (ALPHA / 2) / (1 + (math.pi / 2 * ALPHA * x) ** 2)


def lif(current, mem):
    reset = (mem - THRESHOLD > 0).to(mem.dtype).detach()
    mem = BETA * mem + current - reset * THRESHOLD
    return ArctanSpike.apply(mem - THRESHOLD), mem


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 1000)
        self.fc2 = nn.Linear(1000, 10)

    def forward(self, x):
        mem1 = torch.zeros(x.shape[0], 1000)
        mem2 = torch.zeros(x.shape[0], 10)
        mems = []
        for _ in range(T):
            spk1, mem1 = lif(self.fc1(x), mem1)
            _, mem2 = lif(self.fc2(spk1), mem2)
            mems.append(mem2)
        return torch.stack(mems)


def measure(threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=5e-4, betas=(0.9, 0.999))
    ce = nn.CrossEntropyLoss()
    x = torch.rand(B, 784)
    y = torch.randint(0, 10, (B,))
    for i in range(WARMUP + TIMED):
        if i == WARMUP:
            start = time.perf_counter()
        mem = net(x)
        loss = sum(ce(mem[t], y) for t in range(T))
        opt.zero_grad()
        loss.backward()
        opt.step()
    train = TIMED * B / (time.perf_counter() - start)
    with torch.no_grad():
        for _ in range(WARMUP):
            net(x)
        start = time.perf_counter()
        for _ in range(INFER_BATCHES):
            net(x).sum(0).argmax(1)
        infer = INFER_BATCHES * B / (time.perf_counter() - start)
    return train, infer


def main():
    threads = [int(a) for a in sys.argv[1:]] or [1, 2]
    print(f"PyTorch {torch.__version__}, BLAS: {torch.__config__.show().splitlines()[0]}")
    rows = []
    for t in threads:
        train, infer = measure(t)
        print(f"threads {t}: train {train:.0f} samples/s, inference {infer:.0f} samples/s")
        rows.append({"threads": t, "train_samples_per_second": round(train, 1),
                     "infer_samples_per_second": round(infer, 1)})
    print(json.dumps({"baseline": "pytorch-tutorial5", "torch": torch.__version__, "results": rows}))


if __name__ == "__main__":
    main()
