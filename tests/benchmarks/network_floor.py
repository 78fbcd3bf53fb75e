#!/usr/bin/python3
"""The time the network alone needs for scripts/benchmark-prediction.sh's raster on this machine:
a lower bound on `deepterra-cli predict`, against which the 3x target can be judged.

Runs unet-small's convolutions (depth 3, 16 base filters, 6 bands in, 4 classes out; batch norm
folded, as the inference form runs them: channels-last through oneDNN, torch.mkldnn_convolution)
on batches of tiles in two single-threaded processes side by side, as predict's two network
streams do, and counts the tiles predict computes for the raster (its tile origins and 4096-column
bands, tiles on a band edge counted for both bands). Nothing else of a prediction is timed: reading,
pooling, upsampling, softmax, blending and writing come on top.
    tests/benchmarks/network_floor.py [--size 20000] [--tile 256] [--overlap 64] [--batch 2]
Prints one JSON line."""
import argparse
import json
import math
import multiprocessing
import time

# (in, out, side / tile, kernel) of every convolution of unet-small; the decoder's 3x3 convolutions
# read the concatenated skip; the 2x2 transposed convolutions run as 1x1 convolutions to 4 x out.
LAYERS = [(6, 16, 1, 3), (16, 16, 1, 3), (16, 32, 2, 3), (32, 32, 2, 3), (32, 64, 4, 3), (64, 64, 4, 3),
          (64, 128, 8, 3), (128, 128, 8, 3),
          (128, 256, 8, 1), (128, 64, 4, 3), (64, 64, 4, 3),
          (64, 128, 4, 1), (64, 32, 2, 3), (32, 32, 2, 3),
          (32, 64, 2, 1), (32, 16, 1, 3), (16, 16, 1, 3),
          (16, 4, 1, 1)]


def flops_per_tile(tile):
    return sum(2 * (tile // d) ** 2 * cin * cout * k * k for cin, cout, d, k in LAYERS)


def origins(n, tile, stride, margin):
    span = n + 2 * margin - tile
    count = 1 + (math.ceil(span / stride) if span > 0 else 0)
    return [-margin + k * stride for k in range(count)]


def predicted_tiles(size, tile, overlap, band=4096):
    stride, margin = tile - overlap, overlap // 2
    xs = origins(size, tile, stride, margin)
    columns = 0
    for first in range(0, size, band):
        end = min(size, first + band)
        columns += sum(1 for ox in xs if ox < end and ox + tile > first)
    return columns * len(xs), len(xs) * len(xs)


def stream(args, start, results):
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(0)
    cl = torch.channels_last
    convs = []
    for cin, cout, d, k in LAYERS:
        side = args.tile // d
        convs.append((torch.randn(args.batch, cin, side, side).contiguous(memory_format=cl),
                      (0.1 * torch.randn(cout, cin, k, k)).contiguous(memory_format=cl),
                      torch.zeros(cout), k // 2))
    with torch.inference_mode():
        def batch():
            for x, w, b, pad in convs:
                torch.relu_(torch.mkldnn_convolution(x, w, b, [pad, pad], [1, 1], [1, 1], 1))
        batch()
        start.wait()
        t0 = time.perf_counter()
        for _ in range(args.batches):
            batch()
        results.put(time.perf_counter() - t0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--tile", type=int, default=256)
    parser.add_argument("--overlap", type=int, default=64)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--batches", type=int, default=40)
    args = parser.parse_args()

    start = multiprocessing.Barrier(2)
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=stream, args=(args, start, results)) for _ in range(2)]
    for w in workers:
        w.start()
    seconds = [results.get() for _ in workers]
    for w in workers:
        w.join()
    tiles_per_second = sum(args.batches * args.batch / s for s in seconds)
    tiles, reference_tiles = predicted_tiles(args.size, args.tile, args.overlap)
    print(json.dumps({
        "tiles": tiles,
        "reference_tiles": reference_tiles,
        "gflop_per_tile": round(flops_per_tile(args.tile) / 1e9, 3),
        "tiles_per_second": round(tiles_per_second, 2),
        "gflop_per_second": round(tiles_per_second * flops_per_tile(args.tile) / 1e9, 1),
        "network_floor_seconds": round(tiles / tiles_per_second, 1),
    }))


if __name__ == "__main__":
    main()
