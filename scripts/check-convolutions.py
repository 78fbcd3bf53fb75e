#!/usr/bin/env python3
# Checks the convolutions of the machine's LibTorch (python3-torch: the same LibTorch and oneDNN as
# Deepterra's build) against float64, for the channel counts and tile sizes Deepterra's U-Nets use.
# Prints each wrong case and "bad N"; exits 1 when any is wrong.
#   python3 scripts/check-convolutions.py                  # as the CPU is
#   ONEDNN_MAX_CPU_ISA=AVX2 python3 scripts/check-convolutions.py
# Found with it (2026-12-07): in the Debian 13 root (LibTorch 2.6, oneDNN 3.7) on an AMD EPYC with
# AVX-512, NCHW 3x3 convolutions with 24 input channels and 2x2 transposed convolutions to 48
# channels are wrong by up to 8 (59 of 1200 cases); Debian 12 (LibTorch 1.13, oneDNN 2.6): none.
import itertools
import sys

import torch

F = torch.nn.functional
torch.manual_seed(0)
bad = 0
for cin, cout, size, batch in itertools.product([3, 6, 12, 24, 48], [6, 12, 24, 48], [32, 16, 8, 4, 2, 1], [5, 1]):
    x = torch.randn(batch, cin, size, size)
    for kind in ("3x3", "1x1", "transposed 2x2"):
        if kind == "transposed 2x2":
            w = torch.randn(cin, cout, 2, 2) * 0.3
            run = lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2)
        else:
            k = 3 if kind == "3x3" else 1
            w = torch.randn(cout, cin, k, k) * 0.3
            run = lambda x, w, b, p=k // 2: F.conv2d(x, w, b, padding=p)
        b = torch.randn(cout)
        expected = run(x.double(), w.double(), b.double()).float()
        for layout, y in (("NCHW", run(x, w, b)),
                          ("NHWC", run(x.contiguous(memory_format=torch.channels_last), w, b))):
            error = (y - expected).abs().max().item()
            if error > 1e-3:
                bad += 1
                print(f"{kind} {layout}: {cin} -> {cout} channels, {size} x {size}, batch {batch}: "
                      f"wrong by {error:.3g}")
print(f"bad {bad}")
sys.exit(1 if bad else 0)
