#!/usr/bin/python3
"""Reference sliding-window prediction in Python (python3-gdal + python3-torch), for
scripts/benchmark-prediction.sh: the same tiles, overlap, batch, Hann blending, reflection
padding and outputs (class map + max-probability confidence, DEFLATE tiled GeoTIFF) as
`deepterra-cli predict`, strip by strip so that its memory is also bounded.

The network is a TorchScript module (--model model.pt, e.g. from `deepterra-cli export RUN
--format torchscript`) or, without one, unet-small (depth 3, 16 base filters, batch norm,
transposed-convolution upsampling) built here with random weights: the same compute.
Prints one JSON line: megapixels, seconds, megapixels per second."""
import argparse
import json
import math
import time

import numpy as np
import torch
from osgeo import gdal

gdal.UseExceptions()


class DoubleConv(torch.nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(cout)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(x)))


class UNet(torch.nn.Module):
    def __init__(self, channels, classes, depth=3, base=16):
        super().__init__()
        self.down = torch.nn.ModuleList()
        c = channels
        for level in range(depth):
            self.down.append(DoubleConv(c, base << level))
            c = base << level
        self.bottleneck = DoubleConv(c, base << depth)
        c = base << depth
        self.transpose = torch.nn.ModuleList()
        self.up = torch.nn.ModuleList()
        for level in reversed(range(depth)):
            f = base << level
            self.transpose.append(torch.nn.ConvTranspose2d(c, f, 2, stride=2))
            self.up.append(DoubleConv(2 * f, f))
            c = f
        self.head = torch.nn.Conv2d(c, classes, 1)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = torch.nn.functional.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for transpose, block, skip in zip(self.transpose, self.up, reversed(skips)):
            x = block(torch.cat([transpose(x), skip], 1))
        return self.head(x)


def reflect(i, n):
    if n == 1:
        return np.zeros_like(i)
    period = 2 * n - 2
    i = np.mod(i, period)
    return np.where(i < n, i, period - i)


def origins(n, tile, stride, margin):
    span = n + 2 * margin - tile
    count = 1 + (math.ceil(span / stride) if span > 0 else 0)
    return [-margin + k * stride for k in range(count)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--model", help="TorchScript .pt (default: unet-small with random weights)")
    parser.add_argument("--classes", type=int, default=4)
    parser.add_argument("--tile", type=int, default=256)
    parser.add_argument("--overlap", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    source = gdal.Open(args.input)
    width, height, bands = source.RasterXSize, source.RasterYSize, source.RasterCount
    if args.model:
        network = torch.jit.load(args.model)
    else:
        torch.manual_seed(0)
        network = UNet(bands, args.classes)
    network.eval()
    classes = args.classes
    tile, stride, margin = args.tile, args.tile - args.overlap, args.overlap // 2
    s = np.sin(np.pi * (np.arange(tile) + 0.5) / tile) ** 2
    hann = np.maximum(1e-3, s).astype(np.float32)
    weight2d = np.outer(hann, hann)
    xs = origins(width, tile, stride, margin)
    ys = origins(height, tile, stride, margin)
    options = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]
    driver = gdal.GetDriverByName("GTiff")
    out = driver.Create(args.output, width, height, 1, gdal.GDT_Byte, options)
    conf = driver.Create(args.output + ".confidence.tif", width, height, 1, gdal.GDT_Float32, options)
    for d in (out, conf):
        d.SetGeoTransform(source.GetGeoTransform())
        d.SetProjection(source.GetProjection())

    start = time.time()
    sums = np.zeros((classes, tile, width), np.float32)
    weights = np.zeros((tile, width), np.float32)
    base = 0
    cols = reflect(np.arange(-margin, xs[-1] + tile), width)
    with torch.no_grad():
        for j, oy in enumerate(ys):
            rows = reflect(np.arange(oy, oy + tile), height)
            first, last = rows.min(), rows.max()
            strip = source.ReadAsArray(0, int(first), width, int(last - first + 1)).astype(np.float32)
            strip = strip.reshape(bands, -1, width)
            # Standardise as the engine does (here with the strip's own moments).
            strip = (strip - strip.mean(axis=(1, 2), keepdims=True)) / (strip.std(axis=(1, 2), keepdims=True) + 1e-6)
            padded = strip[:, rows - first][:, :, cols]  # bands x tile x padded width
            for i0 in range(0, len(xs), args.batch):
                batch_x = xs[i0:i0 + args.batch]
                tiles = np.stack([padded[:, :, ox + margin:ox + margin + tile] for ox in batch_x])
                p = torch.softmax(network(torch.from_numpy(np.ascontiguousarray(tiles))), 1).numpy()
                for t, ox in enumerate(batch_x):
                    r0, r1 = max(0, -oy), min(tile, height - oy)
                    c0, c1 = max(0, -ox), min(tile, width - ox)
                    w = weight2d[r0:r1, c0:c1]
                    a0 = oy + r0 - base
                    weights[a0:a0 + r1 - r0, ox + c0:ox + c1] += w
                    sums[:, a0:a0 + r1 - r0, ox + c0:ox + c1] += p[t][:, r0:r1, c0:c1] * w
            end = min(max(ys[j + 1], 0), height) if j + 1 < len(ys) else height
            n = end - base
            if n > 0:
                prob = sums[:, :n] / weights[:n]
                out.GetRasterBand(1).WriteArray(prob.argmax(0).astype(np.uint8) + 1, 0, base)
                conf.GetRasterBand(1).WriteArray(prob.max(0), 0, base)
                sums = np.concatenate([sums[:, n:], np.zeros((classes, n, width), np.float32)], 1)
                weights = np.concatenate([weights[n:], np.zeros((n, width), np.float32)], 0)
                base = end
    out = conf = None
    seconds = time.time() - start
    mp = width * height / 1e6
    print(json.dumps({"megapixels": mp, "seconds": seconds, "megapixelsPerSecond": mp / seconds}))


if __name__ == "__main__":
    main()
