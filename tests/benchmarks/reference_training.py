#!/usr/bin/python3
"""PyTorch reference for Deepterra's training benchmark (Debian's python3-torch).

Trains the same architectures as tests/benchmarks/trainingbenchmark.cpp (seed-cnn, unet-small, seed-lstm)
with the same batch sizes, optimiser (Adam), loss and thread count, on random tensors held in memory, and
prints samples per second of the second epoch.

    /usr/bin/python3 tests/benchmarks/reference_training.py [--threads N] [--steps N] [--device D] [--json]
"""
import argparse
import json
import time

import torch
from torch import nn


class SeedCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.output = nn.Linear(128 * 26 * 26, 10)

    def forward(self, x):
        return self.output(self.features(x).flatten(1))


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class UNet(nn.Module):
    def __init__(self, cin=6, classes=4, depth=3, base=16):
        super().__init__()
        self.down = nn.ModuleList()
        c = cin
        for level in range(depth):
            self.down.append(double_conv(c, base << level))
            c = base << level
        self.bottleneck = double_conv(c, base << depth)
        c = base << depth
        self.up_t = nn.ModuleList()
        self.up = nn.ModuleList()
        for level in reversed(range(depth)):
            self.up_t.append(nn.ConvTranspose2d(c, base << level, 2, stride=2))
            self.up.append(double_conv(2 * (base << level), base << level))
            c = base << level
        self.head = nn.Conv2d(c, classes, 1)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = torch.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for t, block, skip in zip(self.up_t, self.up, reversed(skips)):
            x = block(torch.cat([t(x), skip], 1))
        return self.head(x)


class SeedLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 50, num_layers=3, batch_first=True)
        self.output = nn.Linear(50, 1)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.output(y[:, -1]).view(-1, 1, 1)


def run(name, model, inputs, targets, loss_fn, batch, steps, device):
    model = model.to(device)
    inputs, targets = inputs.to(device), targets.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    rate = 0.0
    for epoch in range(2):
        start = time.perf_counter()
        for step in range(steps):
            x = inputs[step * batch:(step + 1) * batch]
            y = targets[step * batch:(step + 1) * batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        rate = steps * batch / (time.perf_counter() - start)
    return {"model": name, "batch": batch, "samplesPerSecond": rate}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    s = args.steps
    device = torch.device(args.device)
    results = [
        run("seed-cnn", SeedCnn(), torch.randn(16 * s, 3, 224, 224), torch.randint(0, 10, (16 * s,)),
            nn.CrossEntropyLoss(), 16, s, device),
        run("unet-small", UNet(), torch.randn(16 * s, 6, 64, 64), torch.randint(0, 4, (16 * s, 64, 64)),
            nn.CrossEntropyLoss(), 16, s, device),
        run("seed-lstm", SeedLstm(), torch.randn(64 * s, 100, 1), torch.randn(64 * s, 1, 1), nn.MSELoss(), 64, s, device),
    ]
    if args.json:
        print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__, "device": str(device),
                          "results": results}))
    else:
        for r in results:
            print(f"{r['model']:<11}  batch {r['batch']:3d}  {r['samplesPerSecond']:9.1f} samples/s")


if __name__ == "__main__":
    main()
