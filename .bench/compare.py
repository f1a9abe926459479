#!/usr/bin/env python3
"""convkit fast vs PyTorch, layer by layer, interleaved so both see the same machine load.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/compare.py [--threads 2] [--runs 15] [--rounds 2] [--backend auto|java]
                                       [--layer NAME ...] [--json-dir DIR]

For each round and each layer: `./convkit bench --layer L --backward --json ...`, then
`torch_bench.py --layer L --backward --json ...`, alternating which goes first. Per layer, the
best (lowest) median of the rounds is kept for each side; the ratio is torch_ms / convkit_ms
(>= 1 means convkit is at least as fast). Prints a table and the suite totals.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["resnet3x3_64", "resnet3x3_256", "resnet3x3_512", "resnet1x1_256",
          "resnet_conv1", "alexnet_conv1", "vgg_conv1_2", "mnist_5x5"]


def run_convkit(layer, args, out):
    cmd = [os.path.join(ROOT, "convkit"), "bench", "--layer", layer, "--backward", "--threads", str(args.threads),
           "--runs", str(args.runs), "--warmup", str(args.warmup), "--backend", args.backend, "--json", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def run_torch(layer, args, out):
    cmd = [sys.executable, os.path.join(ROOT, ".bench", "torch_bench.py"), "--layer", layer, "--backward",
           "--threads", str(args.threads), "--runs", str(args.runs), "--warmup", str(args.warmup), "--json", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def medians(record):
    return {r["pass"]: (r["medianMs"], r["medianCpuMs"]) for r in record["results"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--layer", action="append")
    parser.add_argument("--json-dir")
    args = parser.parse_args()
    layers = args.layer or LAYERS
    out_dir = args.json_dir or tempfile.mkdtemp(prefix="convkit-compare-")
    os.makedirs(out_dir, exist_ok=True)
    best = {}
    for rnd in range(args.rounds):
        for layer in layers:
            order = ["convkit", "torch"] if rnd % 2 == 0 else ["torch", "convkit"]
            for side in order:
                path = os.path.join(out_dir, f"{side}-{layer}-{rnd}.json")
                record = run_convkit(layer, args, path) if side == "convkit" else run_torch(layer, args, path)
                for pass_name, (ms, cpu) in medians(record).items():
                    key = (layer, pass_name, side)
                    best[key] = min(best.get(key, float("inf")), ms)
                    best[key + ("cpu",)] = min(best.get(key + ("cpu",), float("inf")), cpu)
            print(f"round {rnd + 1} {layer} done", file=sys.stderr, flush=True)
    print(f"{'layer':14s} {'pass':16s} {'convkit ms':>11s} {'torch ms':>10s} {'torch/convkit':>14s}"
          f" {'ck cpu ms':>10s} {'torch cpu':>10s} {'cpu ratio':>10s}")
    totals = {}
    for layer in layers:
        for pass_name in ("forward", "forward+backward"):
            c = best[(layer, pass_name, "convkit")]
            t = best[(layer, pass_name, "torch")]
            cc = best[(layer, pass_name, "convkit", "cpu")]
            tc = best[(layer, pass_name, "torch", "cpu")]
            acc = totals.setdefault(pass_name, [0.0, 0.0, 0.0, 0.0])
            acc[0] += c
            acc[1] += t
            acc[2] += cc
            acc[3] += tc
            print(f"{layer:14s} {pass_name:16s} {c:11.2f} {t:10.2f} {t / c:14.2f} {cc:10.1f} {tc:10.1f} {tc / cc:10.2f}")
    for pass_name, (c, t, cc, tc) in totals.items():
        print(f"{'TOTAL':14s} {pass_name:16s} {c:11.2f} {t:10.2f} {t / c:14.2f} {cc:10.1f} {tc:10.1f} {tc / cc:10.2f}")
    print(f"(JSON records in {out_dir})")


if __name__ == "__main__":
    main()
