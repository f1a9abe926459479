#!/usr/bin/env python3
"""PyTorch timings of the convkit bench suite, for comparison with `./convkit bench`.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/torch_bench.py [--threads 2] [--runs 5] [--warmup 2] [--backward]
                                           [--layer NAME ...] [--json FILE]

Same layers, same FLOP count (2*N*K*OH*OW*C*R*S forward, x3 forward+backward), same
median/min/max over timed runs after warm-up, float32. --json writes the convkit-bench/1
schema with impl "torch", so the site can plot it next to convkit's own record.
"""
import argparse
import datetime
import json
import platform
import statistics
import time

import torch
import torch.nn.functional as F

SUITE = [
    ("resnet3x3_64", (8, 64, 56, 56, 64, 3, 1, 1)),
    ("resnet3x3_256", (8, 256, 14, 14, 256, 3, 1, 1)),
    ("resnet3x3_512", (8, 512, 7, 7, 512, 3, 1, 1)),
    ("resnet1x1_256", (8, 256, 56, 56, 64, 1, 1, 0)),
    ("resnet_conv1", (8, 3, 224, 224, 64, 7, 2, 3)),
    ("alexnet_conv1", (8, 3, 227, 227, 96, 11, 4, 0)),
    ("vgg_conv1_2", (1, 64, 224, 224, 64, 3, 1, 1)),
    ("mnist_5x5", (64, 1, 28, 28, 20, 5, 1, 0)),
]


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def time_layer(shape, runs, warmup, backward):
    n, c, h, w, k, r, stride, pad = shape
    torch.manual_seed(1)
    x = torch.rand(n, c, h, w) * 2 - 1
    wt = torch.rand(k, c, r, r) * 2 - 1
    b = torch.rand(k) * 2 - 1
    if backward:
        x.requires_grad_(True)
        wt.requires_grad_(True)
        b.requires_grad_(True)
    y = F.conv2d(x, wt, b, stride=stride, padding=pad)
    dy = torch.rand_like(y)
    fwd, both = [], []
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        if backward:
            y = F.conv2d(x, wt, b, stride=stride, padding=pad)
        else:
            with torch.no_grad():
                y = F.conv2d(x, wt, b, stride=stride, padding=pad)
        t1 = time.perf_counter()
        if backward:
            x.grad = wt.grad = b.grad = None
            y.backward(dy)
        t2 = time.perf_counter()
        if i >= warmup:
            fwd.append((t1 - t0) * 1e3)
            both.append((t2 - t0) * 1e3)
    oh, ow = y.shape[2], y.shape[3]
    flops = 2.0 * n * k * oh * ow * c * r * r
    return fwd, both, flops


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--backward", action="store_true")
    parser.add_argument("--layer", action="append")
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    layers = [(name, s) for name, s in SUITE if not args.layer or name in args.layer]
    print(f"torch {torch.__version__}, float32, {args.threads} threads, {args.runs} runs after {args.warmup} warm-up,"
          f" mkldnn={torch.backends.mkldnn.is_available()}")
    print(f"{'layer':14s} {'pass':16s} {'median ms':>10s} {'min ms':>10s} {'max ms':>10s} {'GFLOP/s':>9s}")
    results = []
    totals = {}
    for name, s in layers:
        fwd, both, flops = time_layer(s, args.runs, args.warmup, args.backward)
        passes = [("forward", fwd, flops)] + ([("forward+backward", both, 3 * flops)] if args.backward else [])
        for pass_name, ms, f in passes:
            med = statistics.median(ms)
            print(f"{name:14s} {pass_name:16s} {med:10.2f} {min(ms):10.2f} {max(ms):10.2f} {f / (med * 1e6):9.1f}")
            totals.setdefault(pass_name, [0.0, 0.0])
            totals[pass_name][0] += med
            totals[pass_name][1] += f
            n, c, h, w, k, r, stride, pad = s
            results.append({
                "layer": name,
                "shape": {"n": n, "c": c, "h": h, "w": w, "k": k, "kh": r, "kw": r, "stride": stride, "pad": pad},
                "impl": "torch", "pass": pass_name, "backend": f"PyTorch {torch.__version__}, {args.threads} threads",
                "computeDtype": "f32", "measuredBatch": n, "scaled": False, "runs": len(ms),
                "medianMs": med, "minMs": min(ms), "maxMs": max(ms), "gflops": f / (med * 1e6), "peakHeapMiB": None,
            })
    print("total (sum of medians):")
    for pass_name, (ms, f) in totals.items():
        print(f"  torch {pass_name:16s} {ms:10.2f} ms {f / (ms * 1e6):9.1f} GFLOP/s")
    if args.json:
        record = {
            "schema": "convkit-bench/1",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "command": "torch_bench.py",
            "machine": {"cpu": cpu_name(), "cores": str(torch.get_num_threads()), "os": platform.platform(),
                        "arch": platform.machine(), "jdk": None},
            "settings": {"dtype": "f32", "threads": args.threads, "runs": args.runs, "warmup": args.warmup,
                         "backward": args.backward, "slowBatch": None},
            "backend": {"fast": f"PyTorch {torch.__version__}", "marker": None, "vectorApi": False},
            "results": results,
            "speedups": [],
        }
        with open(args.json, "w") as f:
            json.dump(record, f, indent=2)
        print("wrote", args.json)


if __name__ == "__main__":
    main()
