#!/usr/bin/env python3
"""Two builds of convkit, each running the bench in a JVM of its own, taking turns piece by piece.

Not part of the build or the tests; plain python3, no packages.

    python3 .bench/builds_lockstep.py BEFORE_CHECKOUT AFTER_CHECKOUT [--rounds 2] [--out DIR] [-- BENCH-ARGS...]

PairedAB.java compares two builds' classes inside one JVM, which is the fair way to time a change
to a kernel; it cannot time a change to what a JVM carries from one layer to the next (the JIT's
profiles and traps, which both builds' code shares with the JDK's there). This runs
`./convkit bench --turns` in each checkout (default bench arguments: the whole suite, forward and
backward, 15 runs, plans by the rules), and hands the turns to the two JVMs in alternation, as
compare.py --lockstep does for convkit and PyTorch: first the passes over every layer, then each
layer's warm-up, then the timed runs a block at a time, so that each block of one build's runs has
the other's within seconds of it. Which build goes first changes every round. Prints, per layer
and pass, each round's medians and after/before, and the median of the rounds' ratios; the JSON
records go to --out. During a build's block of timed runs the other build's JVM is stopped
(SIGSTOP, as compare.py --lockstep does; --no-pause lets it run).
"""
import argparse
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import Side  # noqa: E402  (one process taking turns, as compare.py --lockstep hands them)


def run_round(before, after, bench_args, records, first, pause=True):
    """One round: each checkout's bench in its own JVM, the turns handed to them in alternation,
    `first` (0: before, 1: after) taking each turn first, the other stopped in timed turns if `pause`."""
    fifo_dir = tempfile.mkdtemp(prefix="convkit-builds-")
    sides = []
    try:
        for name, checkout, record in (("before", before, records[0]), ("after", after, records[1])):
            sides.append(Side(name, [os.path.join(checkout, "convkit"), "bench", *bench_args, "--json", record],
                              os.environ.copy(), fifo_dir))
        order = sides if first == 0 else sides[::-1]
        while True:
            asked = [side.next() for side in order]
            if all(a == "end" for a in asked):
                break
            if asked[0] != asked[1] or not asked[0].startswith("ready "):
                raise SystemExit(f"the builds are out of step: {asked}")
            for side in order:
                side.turn_alone(asked[0][len("ready "):], [other for other in sides if other is not side], pause)
        for side in sides:
            code = side.close()
            if code != 0:
                raise SystemExit(f"{side.name}: the bench exited with {code}")
    finally:
        for side in sides:
            if side.proc.poll() is None:
                side.proc.kill()
        for name in os.listdir(fifo_dir):
            os.unlink(os.path.join(fifo_dir, name))
        os.rmdir(fifo_dir)


def medians(record):
    with open(record) as f:
        return {(r["layer"], r["pass"]): r["medianMs"] for r in json.load(f)["results"] if r["impl"] == "fast"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", default=None, help="folder for the JSON records (default: a new temporary one)")
    parser.add_argument("--no-pause", dest="pause", action="store_false",
                        help="leave the other build's JVM running during a build's timed runs")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    bench_args = argv[split + 1:] or ["--backward", "--runs", "15", "--plan", "fixed"]
    out = args.out or tempfile.mkdtemp(prefix="convkit-builds-records-")
    os.makedirs(out, exist_ok=True)
    rows = {}
    for rnd in range(args.rounds):
        records = [os.path.join(out, f"before-{rnd}.json"), os.path.join(out, f"after-{rnd}.json")]
        run_round(os.path.abspath(args.before), os.path.abspath(args.after), bench_args, records, rnd % 2, args.pause)
        b, a = medians(records[0]), medians(records[1])
        for key in b:
            if key in a:
                rows.setdefault(key, []).append((b[key], a[key]))
        print(f"round {rnd + 1} done ({'before' if rnd % 2 == 0 else 'after'} first)", flush=True)
    print(f"{'layer':14s} {'pass':17s} {'before ms':>16s} {'after ms':>16s}  {'after/before':>14s}  median")
    for (layer, pass_name), pairs in rows.items():
        ratios = [a / b for b, a in pairs]
        print(f"{layer:14s} {pass_name:17s} {' '.join(f'{b:7.2f}' for b, _ in pairs):>16s} "
              f"{' '.join(f'{a:7.2f}' for _, a in pairs):>16s}  {' '.join(f'{r:.3f}' for r in ratios):>14s}  "
              f"{statistics.median(ratios):.3f}")
    print(f"(JSON records in {out})")


if __name__ == "__main__":
    main()
