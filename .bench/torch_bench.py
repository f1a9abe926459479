#!/usr/bin/env python3
"""PyTorch timings of the convkit bench suite, for comparison with `./convkit bench`.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/torch_bench.py [--threads 2] [--runs 5] [--warmup 2] [--backward]
                                           [--layer NAME ...] [--json FILE] [--turns IN,OUT [--turn-runs 5]]

Same layers, same FLOP count (2*N*K*OH*OW*C*R*S forward, x3 forward+backward), same
median/min/max over timed runs after warm-up, float32. --json writes the convkit-bench/1
schema with impl "torch", so the site can plot it next to convkit's own record.

--turns IN,OUT takes turns with another benchmark as `./convkit bench --turns` does (the same
pieces: "prime", then per layer "warm LAYER" and "runs LAYER i/B" for every --turn-runs timed
runs, each announced with "ready PIECE" on OUT, started on the line "go" from IN, and said
"done PIECE"; "end" at the end), so that .bench/compare.py --lockstep times both sides of a
layer in the same seconds. After each wait, one untimed run wakes PyTorch's threads again, as
convkit's bench runs untimed passes.
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


class Turns:
    """The --turns protocol (see the module's doc); without IN,OUT every turn is taken at once."""

    def __init__(self, spec):
        self.inp = self.out = None
        if spec:
            paths = spec.split(",")
            if len(paths) != 2 or not all(paths):
                raise SystemExit(f"--turns: expected IN,OUT (two paths, comma-separated) but was '{spec}'")
            self.inp = open(paths[0], "r")
            self.out = open(paths[1], "w")

    def taken(self):
        return self.inp is not None

    def take(self, piece):
        if not self.taken():
            return
        self.say(f"ready {piece}")
        line = self.inp.readline()
        if line.strip() != "go":
            raise SystemExit(f"--turns: expected 'go' before '{piece}' but read '{line.strip()}'")

    def done(self, piece):
        if self.out is not None:
            self.say(f"done {piece}")

    def say(self, line):
        self.out.write(line + "\n")
        self.out.flush()

    def close(self):
        if self.out is not None:
            self.say("end")
            self.out.close()
            self.inp.close()


def time_layer(name, shape, runs, warmup, backward, turns, turn_runs):
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
    fwd, both, fwd_cpu, both_cpu = [], [], [], []
    blocks = (runs + turn_runs - 1) // turn_runs
    turns.take(f"warm {name}")
    for i in range(warmup + runs):
        if i >= warmup and (i - warmup) % turn_runs == 0:
            if i == warmup:
                turns.done(f"warm {name}")
            block = f"runs {name} {(i - warmup) // turn_runs + 1}/{blocks}"
            turns.take(block)
            if turns.taken():
                one_pass(x, wt, b, dy, stride, pad, backward)  # untimed: the threads awake again
        c0 = time.process_time()
        t0 = time.perf_counter()
        if backward:
            y = F.conv2d(x, wt, b, stride=stride, padding=pad)
        else:
            with torch.no_grad():
                y = F.conv2d(x, wt, b, stride=stride, padding=pad)
        t1 = time.perf_counter()
        c1 = time.process_time()
        if backward:
            x.grad = wt.grad = b.grad = None
            y.backward(dy)
        t2 = time.perf_counter()
        c2 = time.process_time()
        if i >= warmup:
            fwd.append((t1 - t0) * 1e3)
            both.append((t2 - t0) * 1e3)
            fwd_cpu.append((c1 - c0) * 1e3)
            both_cpu.append((c2 - c0) * 1e3)
            if (i - warmup + 1) % turn_runs == 0 or i + 1 == warmup + runs:
                turns.done(block)
    oh, ow = y.shape[2], y.shape[3]
    flops = 2.0 * n * k * oh * ow * c * r * r
    return fwd, both, fwd_cpu, both_cpu, flops


def one_pass(x, wt, b, dy, stride, pad, backward):
    if backward:
        y = F.conv2d(x, wt, b, stride=stride, padding=pad)
        x.grad = wt.grad = b.grad = None
        y.backward(dy)
    else:
        with torch.no_grad():
            F.conv2d(x, wt, b, stride=stride, padding=pad)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--backward", action="store_true")
    parser.add_argument("--layer", action="append")
    parser.add_argument("--json")
    parser.add_argument("--turns")
    parser.add_argument("--turn-runs", type=int, default=5)
    args = parser.parse_args()
    if args.turn_runs < 1:
        raise SystemExit(f"--turn-runs must be >= 1 but was {args.turn_runs}")
    turns = Turns(args.turns)
    try:
        run(args, turns)
    finally:
        turns.close()


def run(args, turns):
    torch.set_num_threads(args.threads)
    # in the order asked for, as ./convkit bench runs them (compare.py --lockstep takes turns layer by layer)
    shapes = dict(SUITE)
    unknown = [name for name in args.layer or [] if name not in shapes]
    if unknown:
        raise SystemExit(f"--layer: unknown {unknown}; the suite is {list(shapes)}")
    layers = [(name, shapes[name]) for name in args.layer] if args.layer else SUITE
    print(f"torch {torch.__version__}, float32, {args.threads} threads, {args.runs} runs after {args.warmup} warm-up,"
          f" mkldnn={torch.backends.mkldnn.is_available()}")
    print(f"{'layer':14s} {'pass':16s} {'median ms':>10s} {'min ms':>10s} {'max ms':>10s} {'GFLOP/s':>9s}")
    results = []
    totals = {}
    turns.take("prime")
    turns.done("prime")
    for name, s in layers:
        fwd, both, fwd_cpu, both_cpu, flops = time_layer(name, s, args.runs, args.warmup, args.backward, turns,
                                                         args.turn_runs if args.turns else args.runs)
        passes = [("forward", fwd, fwd_cpu, flops)]
        if args.backward:
            passes.append(("forward+backward", both, both_cpu, 3 * flops))
        for pass_name, ms, cpu, f in passes:
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
                "medianMs": med, "minMs": min(ms), "maxMs": max(ms),
                "medianCpuMs": statistics.median(cpu), "gflops": f / (med * 1e6), "peakHeapMiB": None,
                "runsMs": ms, "cpuRunsMs": cpu,
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
