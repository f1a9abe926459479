#!/usr/bin/env python3
"""convkit fast vs PyTorch, layer by layer, interleaved so both see the same machine load.

Not part of the build or the tests. Needs python3-torch (Debian: /usr/bin/python3).

    /usr/bin/python3 .bench/compare.py [--mode suite|alone|both] [--rounds 3] [--threads 2] [--runs 15]
                                       [--warmup 2] [--backend auto|java] [--plan measure|fixed]
                                       [--avx2] [--blas-core auto|inherit|CORE] [--layer NAME ...]
                                       [--json-dir DIR] [--lockstep [--turn-runs 5] [--no-pause]] [--svg FILE]
    /usr/bin/python3 .bench/compare.py --from DIR [--mode ...] [--svg FILE]   (the report of an earlier run again)

--mode suite (the default, issue 15's bar): each round runs the whole suite in ONE convkit JVM
(`./convkit bench --backward --json ...` with every layer) and in one PyTorch process, alternating
which goes first. --mode alone: each layer in a JVM (and a process) of its own, as before.
--mode both: both convkit modes and PyTorch in every round, and the stability figures: a layer's
median in the suite JVM over its median alone (bar: <= 1.15), and its max/median in the suite
JVM (bar: <= 1.3), each the worst of the rounds, with how many of that layer's runs in one round were
over 1.3 × its median ("slow": one outlier or several), next to the max/median of the bench's control
(`--control`: fixed arithmetic on the same threads, interleaved with the layer's runs, as long as
them) and of PyTorch's runs of the layer: the machine's own spread in the same minutes.
The report ends with, for each convkit side, how many lines had a run over 1.3 × their median and
what those runs had in them (`.bench/outliers.py`: jit, gc, stolen, queued, machine, faults, waiting or work, from
the records' per-run counters).

--lockstep (suite and both modes): the convkit suite JVM and the PyTorch process of a round run at
the same time and take turns (`bench --turns`, `torch_bench.py --turns`): first the convkit JVM's
passes over every layer, then per layer each side's warm-up in turn, then the timed runs in turns
of --turn-runs runs, rotating which side goes first, so that only one side runs at a time and
both sides' runs of a layer are taken seconds apart instead of a minute. In mode both, a convkit
JVM of that layer alone joins them for the layer (started when the others reach it), so that
suite/alone is taken in the same seconds too. This machine's speed drifts
by 10-25% over tens of seconds (`.bench/Drift.java`), and a ratio of two timings a minute apart
carries that drift. During a side's timed turn the waiting sides are stopped (SIGSTOP, then SIGCONT
when the turn is done): a waiting JVM's compiler, collector and flight recorder otherwise took
150-230 ms of CPU in the others' timed turns of a round, in pieces that held a core from the
running side for up to 30 ms (zen5-2026-12-07.md); --no-pause lets them run.

--blas-core chooses OpenBLAS's kernels for convkit (and for anything in PyTorch that calls OpenBLAS):
auto (the default) removes OPENBLAS_CORETYPE from the environment, so OpenBLAS picks its own core for
the CPU as PyTorch's oneDNN picks its own ISA (with --avx2: Haswell), and convkit names one for the
CPU's vectors where OpenBLAS's own is narrower (a CPU model it does not know); inherit keeps the caller's
value (a shell profile's OPENBLAS_CORETYPE=Haswell runs AVX2 kernels on an AVX-512 CPU); any other
value is set as the core. The report's first line says which ran.

--avx2 runs both sides without AVX-512 on an AVX-512 machine: convkit with
JAVA_TOOL_OPTIONS=-XX:UseAVX=2 (256-bit vectors: the JIT, the Vector API and the plans then see an
AVX2 machine), PyTorch with ATEN_CPU_CAPABILITY=avx2 and DNNL_MAX_CPU_ISA=AVX2 (its convolutions
are oneDNN's JIT kernels), and OpenBLAS with OPENBLAS_CORETYPE=Haswell.

Per layer and pass, the median of the rounds' medians is reported (and each round's), the ratio
being torch_ms / convkit_ms (>= 1 means convkit is at least as fast). The suite totals sum the
layers' medians. With measured plans (the default) a layer's routes can differ between runs: the
report names the layers where they did, with each run's routes. Its "bars:" lines count issue 15's
bars: rounds at or above 1.0, the totals, and (mode both) the lines whose suite/alone is within 15%
and whose max/median stayed at or under 1.3 in every round.

--svg FILE also draws the report: a row per layer and pass, each round's ratio a dot and the median
a bar on a log scale, the 1.0 and 1.2 bars as lines, and (mode both) suite/alone and max/median
beside each row, red where they miss their bars. --from DIR reads the JSON records an earlier run
left (its --json-dir, or the directory its last line names) instead of running anything: the same
report, and the chart, of that run; give it that run's --mode (and --lockstep, for the chart's
title); the rounds are counted from the files.
"""
import argparse
import html
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outliers  # noqa: E402  (the slow runs' causes, from the records' per-run counters)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["resnet3x3_64", "resnet3x3_256", "resnet3x3_512", "resnet1x1_256",
          "resnet_conv1", "alexnet_conv1", "vgg_conv1_2", "mnist_5x5"]
PASSES = ("forward", "forward+backward")


def environment(args, side):
    env = dict(os.environ)
    if args.blas_core == "auto":
        env.pop("OPENBLAS_CORETYPE", None)
    elif args.blas_core != "inherit":
        env["OPENBLAS_CORETYPE"] = args.blas_core
    if args.avx2:
        if side == "convkit":
            env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " -XX:UseAVX=2").strip()
        else:
            env["ATEN_CPU_CAPABILITY"] = "avx2"
            env["DNNL_MAX_CPU_ISA"] = "AVX2"  # PyTorch's convolutions run on oneDNN's JIT kernels
            env["ONEDNN_MAX_CPU_ISA"] = "AVX2"
        if args.blas_core == "auto":
            env["OPENBLAS_CORETYPE"] = "Haswell"
    return env


def layer_flags(layers):
    return [flag for layer in layers for flag in ("--layer", layer)]


def convkit_cmd(layers, args, out):
    return [os.path.join(ROOT, "convkit"), "bench", "--backward", "--threads", str(args.threads),
            "--runs", str(args.runs), "--warmup", str(args.warmup), "--backend", args.backend,
            "--plan", args.plan, "--control", "--json", out] + layer_flags(layers)


def torch_cmd(layers, args, out):
    return [sys.executable, os.path.join(ROOT, ".bench", "torch_bench.py"), "--backward",
            "--threads", str(args.threads), "--runs", str(args.runs), "--warmup", str(args.warmup),
            "--json", out] + layer_flags(layers)


def run_convkit(layers, args, out):
    cmd = convkit_cmd(layers, args, out)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=environment(args, "convkit"))
    with open(out) as f:
        return json.load(f)


def run_torch(layers, args, out):
    cmd = torch_cmd(layers, args, out)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=environment(args, "torch"))
    with open(out) as f:
        return json.load(f)


class Side:
    """One process taking turns: its FIFOs, what it said last."""

    def __init__(self, name, cmd, env, fifo_dir):
        self.name = name
        self.fifo_in, self.fifo_out = os.path.join(fifo_dir, name + ".in"), os.path.join(fifo_dir, name + ".out")
        os.mkfifo(self.fifo_in)
        os.mkfifo(self.fifo_out)
        turn_flags = ["--turns", f"{self.fifo_in},{self.fifo_out}"]
        self.proc = subprocess.Popen(cmd + turn_flags, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        self.go = open_writer(self.fifo_in, self.proc, name)
        self.said = open(self.fifo_out, "r")

    def next(self):
        return self.said.readline().strip()

    def turn(self, piece):
        self.go.write("go\n")
        self.go.flush()
        done = self.next()
        if done != "done " + piece:
            raise SystemExit(f"--lockstep: {self.name} said '{done}' after the turn for '{piece}'")

    def turn_alone(self, piece, others, pause=True):
        """turn(piece); when it is a turn of timed runs and pause is on, the other sides (a list of Side)
        stopped (SIGSTOP) until it is done, so that nothing they left running takes a core from it."""
        paused = [other.proc for other in others] if pause and piece.startswith("runs ") else []
        send(paused, signal.SIGSTOP)
        try:
            self.turn(piece)
        finally:
            send(paused, signal.SIGCONT)

    def close(self):
        self.go.close()
        self.said.close()
        code = self.proc.wait()
        for fifo in (self.fifo_in, self.fifo_out):
            os.unlink(fifo)
        return code


def run_lockstep(layers, args, convkit_out, torch_out, alone_out=None):
    """The convkit suite JVM and the PyTorch process side by side, taking turns, and with alone_out
    (a function of the layer's name: its record's path) a JVM of each layer alone taking turns with
    them through that layer; their records: the suite's, torch's, and {layer: alone record}."""
    fifo_dir = tempfile.mkdtemp(prefix="convkit-turns-")
    flags = ["--turn-runs", str(args.turn_runs)]
    sides = {}
    alone = {}
    idle_use = {}  # side -> [(its CPU ms, wall ms) in the other sides' timed turns]
    rotation = 0
    try:
        sides["convkit"] = Side("convkit", convkit_cmd(layers, args, convkit_out) + flags,
                                environment(args, "convkit"), fifo_dir)
        sides["torch"] = Side("torch", torch_cmd(layers, args, torch_out) + flags, environment(args, "torch"), fifo_dir)
        said = {name: side.next() for name, side in sides.items()}
        while not all(line == "end" for line in said.values()):
            pieces = {name: line[len("ready "):] for name, line in said.items() if line.startswith("ready ")}
            if len(pieces) != len(sides) or len(set(pieces.values())) != 1:
                raise SystemExit("--lockstep: the sides are out of step: "
                                 + ", ".join(f"{name} said '{line}'" for name, line in said.items()))
            piece = pieces["convkit"]
            if alone_out and piece.startswith("warm "):
                # this layer alone in a JVM of its own, from its start (alone: the others wait)
                layer = piece[len("warm "):]
                side = Side("alone", convkit_cmd([layer], args, alone_out(layer)) + flags,
                            environment(args, "convkit"), fifo_dir)
                first = side.next()
                if first == "ready prime":
                    side.turn("prime")
                    first = side.next()
                if first != said["convkit"]:
                    raise SystemExit(f"--lockstep: the alone JVM of {layer} said '{first}'")
                sides["alone"], said["alone"] = side, first
            order = list(sides)
            order = order[rotation % len(order):] + order[:rotation % len(order)]
            rotation += 1
            last = order[-1]
            for name in order:
                # the side that ran last may still be busy (its JIT, its collector, threads spinning
                # before they sleep): this turn starts when it is quiet
                await_quiet(sides[last].proc.pid)
                idle = {other: cpu_ms(sides[other].proc.pid) for other in sides if other != name}
                t0 = time.monotonic()
                sides[name].turn_alone(piece, [sides[other] for other in idle], args.pause)
                if piece.startswith("runs "):
                    wall = (time.monotonic() - t0) * 1e3
                    for other, before in idle.items():
                        idle_use.setdefault(other, []).append((cpu_ms(sides[other].proc.pid) - before, wall))
                last = name
            said = {name: side.next() for name, side in sides.items()}
            if "alone" in sides and said["alone"] == "end":
                code = sides.pop("alone").close()
                del said["alone"]
                if code != 0:
                    raise SystemExit(f"--lockstep: the alone JVM of {layer} exited with {code}")
                with open(alone_out(layer)) as f:
                    alone[layer] = json.load(f)
    finally:
        codes = {name: side.close() for name, side in sides.items()}
        shutil.rmtree(fifo_dir, ignore_errors=True)  # the FIFOs' folder: left behind, one a round piled up
    for name, code in codes.items():
        if code != 0:
            raise SystemExit(f"--lockstep: {name} exited with {code}")
    for name, use in idle_use.items():
        cpu, wall = sum(u[0] for u in use), sum(u[1] for u in use)
        print(f"lockstep: {name}, waiting, used {cpu:.0f} ms of CPU in the others' {wall:.0f} ms of timed turns"
              f" ({cpu / wall:.1%} of one core)", file=sys.stderr, flush=True)
    with open(convkit_out) as f, open(torch_out) as g:
        return json.load(f), json.load(g), alone


def send(procs, sig):
    """Sends sig to each process that is still there."""
    for proc in procs:
        try:
            os.kill(proc.pid, sig)
        except ProcessLookupError:
            pass


def cpu_ms(pid):
    """A process's user + system CPU time so far, in ms (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


def await_quiet(pid, window=0.1, most=2.0):
    """Waits until the process uses at most one clock tick of CPU in a window of 0.1 s (at most 2 s)."""
    tick = 1e3 / os.sysconf("SC_CLK_TCK")
    end = time.monotonic() + most
    before = cpu_ms(pid)
    while time.monotonic() < end:
        time.sleep(window)
        now = cpu_ms(pid)
        if now - before <= tick:
            return
        before = now


def open_writer(path, proc, side):
    """Opens a FIFO for writing once its reader has opened it, or fails if the reader's process ended first."""
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            if proc.poll() is not None:
                raise SystemExit(f"--lockstep: {side} exited with {proc.returncode} before taking turns")
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return os.fdopen(fd, "w")


def record_rows(record):
    """{(layer, pass): (median ms, max ms, control's max/median or None, runs over 1.3 × the median or
    None)} of a bench JSON record (convkit's or torch_bench's)."""
    rows = {}
    for r in record["results"]:
        control = r.get("control")
        slow = sum(1 for t in r["runsMs"] if t > 1.3 * r["medianMs"]) if "runsMs" in r else None
        rows[(r.get("layer"), r["pass"])] = (r["medianMs"], r.get("maxMs", r["medianMs"]),
                                             control["maxMs"] / control["medianMs"] if control else None, slow)
    return rows


def collect(samples, side, record, layers):
    rows = record_rows(record)
    for (layer, pass_name), row in rows.items():
        if layer is None and len(layers) == 1:
            layer = layers[0]
        samples.setdefault((layer, pass_name, side), []).append(row)


def collect_plans(plans, side, rnd, record, layers):
    """Each convkit run's plan of a layer (the JSON's "plan", the float32 fast path's routes)."""
    for r in record["results"]:
        layer = r.get("layer") if len(layers) > 1 else layers[0]
        if "plan" in r and r["pass"] == "forward":
            plans.setdefault(layer, []).append((f"{side} round {rnd + 1}", r["plan"]["routes"], r["plan"]["source"]))


def report_plans(plans):
    """The layers whose convkit runs did not all run the same routes (measured plans can differ)."""
    differed = {layer: runs for layer, runs in plans.items() if len({routes for _, routes, _ in runs}) > 1}
    if not differed:
        print("plans: every convkit run of each layer ran the same routes")
        return
    for layer, runs in differed.items():
        print(f"plans of {layer} differed between runs:")
        for run, routes, source in runs:
            print(f"  {run:26s} ({source}) {routes}")


def warmup_discards(side_records):
    """The fast path's code the JIT threw away in the warm-ups of these records (the bench's JitWatch), one line."""
    seen = []
    for record in side_records:
        for row in record.get("results", []):
            if row.get("pass") == "forward" and "warmup" in row:
                seen += [f"{row['layer']}: {line}" for line in row["warmup"]["discarded"]]
    if not seen:
        return "none"
    return f"{len(seen)}: " + "; ".join(seen)


def shared_traps(side_records):
    """The range_check traps in the JDK's bounds check that the records name (the bench's JitWatch; after one,
    the JIT compiles that check without its intrinsic in every vector load and store it compiles), one line."""
    seen = [line for record in side_records for line in record.get("jit", {}).get("sharedBoundsTraps", [])]
    return f"{len(seen)}: " + "; ".join(seen) if seen else "none"


def warmup_caps(side_records):
    """The warm-ups of these records that ran to the bench's cap, with the rules that still failed, one line
    (records from before the bench wrote "ended" count as settled)."""
    seen = [f"{row['layer']}: {row['warmup']['seconds']:.1f} s, {row['warmup']['ended']}"
            for record in side_records for row in record.get("results", [])
            if row.get("pass") == "forward" and row.get("warmup", {}).get("ended", "").startswith("at its cap")]
    return f"{len(seen)}: " + "; ".join(seen) if seen else "none"


def worst_spread(rows):
    """The largest max/median of any round, of the control interleaved with it (None without one), and
    the most runs of one round over 1.3 × its median (None where the record does not list its runs)."""
    spread = max(row[1] / row[0] for row in rows)
    controls = [row[2] for row in rows if row[2] is not None]
    slow = [row[3] for row in rows if row[3] is not None]
    return spread, (max(controls) if controls else None), (max(slow) if slow else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["suite", "alone", "both"], default="suite")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--plan", choices=["measure", "fixed"], default="measure")
    parser.add_argument("--avx2", action="store_true")
    parser.add_argument("--blas-core", default="auto")
    parser.add_argument("--layer", action="append")
    parser.add_argument("--json-dir")
    parser.add_argument("--lockstep", action="store_true")
    parser.add_argument("--turn-runs", type=int, default=5)
    parser.add_argument("--no-pause", dest="pause", action="store_false")
    parser.add_argument("--svg")
    parser.add_argument("--from", dest="from_dir")
    args = parser.parse_args()
    if args.svg and not os.path.isdir(os.path.dirname(os.path.abspath(args.svg))):
        raise SystemExit(f"--svg: no directory for {args.svg} (the chart is written at the end of the run)")
    if args.from_dir:
        if not os.path.isdir(args.from_dir):
            raise SystemExit(f"--from: no directory {args.from_dir}")
        args.rounds = replayed_rounds(args.from_dir)
        args.json_dir = args.from_dir
    if args.lockstep and args.mode == "alone":
        raise SystemExit("--lockstep pairs the suite JVM with PyTorch: use it with --mode suite or both")
    layers = args.layer or LAYERS
    out_dir = args.json_dir or tempfile.mkdtemp(prefix="convkit-compare-")
    os.makedirs(out_dir, exist_ok=True)
    samples = {}
    plans = {}
    records = {}  # convkit side -> its bench records, for the slow runs' causes
    convkit_modes = ["suite", "alone"] if args.mode == "both" else [args.mode]
    torch_mode = "alone" if args.mode == "alone" else "suite"
    for rnd in range(args.rounds):
        jobs = [("convkit-" + m, m) for m in convkit_modes] + [("torch", torch_mode)]
        if rnd % 2 == 1:
            jobs.reverse()
        if args.lockstep:
            # the suite pair as one job taking turns, with (mode both) each layer's alone JVM in turn with them
            jobs = [("lockstep", "suite")]
        for side, mode in jobs:
            if side == "lockstep":
                paths = [os.path.join(out_dir, f"{name}-suite-{rnd}.json") for name in ("convkit-suite", "torch")]
                alone_out = (lambda layer, r=rnd: os.path.join(out_dir, f"convkit-alone-{layer}-{r}.json")) \
                    if args.mode == "both" else None
                if args.from_dir:
                    convkit_record, torch_record = (replay(path) for path in paths)
                    alone = {layer: replay(alone_out(layer)) for layer in layers} if alone_out else {}
                else:
                    convkit_record, torch_record, alone = run_lockstep(layers, args, *paths, alone_out)
                for name, record in (("convkit-suite", convkit_record), ("torch", torch_record)):
                    collect(samples, name, record, layers)
                collect_plans(plans, "convkit-suite", rnd, convkit_record, layers)
                records.setdefault("convkit-suite", []).append(convkit_record)
                for layer, record in alone.items():
                    collect(samples, "convkit-alone", record, [layer])
                    collect_plans(plans, "convkit-alone", rnd, record, [layer])
                    records.setdefault("convkit-alone", []).append(record)
                print(f"round {rnd + 1}: convkit-suite, torch{' and each layer alone' if alone else ''} in lockstep "
                      f"{'read' if args.from_dir else 'done'}", file=sys.stderr, flush=True)
                continue
            groups = [layers] if mode == "suite" else [[layer] for layer in layers]
            for group in groups:
                path = os.path.join(out_dir, f"{side}-{'-'.join(group) if len(group) == 1 else 'suite'}-{rnd}.json")
                if args.from_dir:
                    record = replay(path)
                else:
                    record = run_torch(group, args, path) if side == "torch" else run_convkit(group, args, path)
                collect(samples, side, record, group)
                if side != "torch":
                    collect_plans(plans, side, rnd, record, group)
                    records.setdefault(side, []).append(record)
            print(f"round {rnd + 1}: {side} ({mode}) {'read' if args.from_dir else 'done'}", file=sys.stderr, flush=True)
    main_side = "convkit-" + ("alone" if args.mode == "alone" else "suite")
    core = environment(args, "convkit").get("OPENBLAS_CORETYPE")
    ran = sorted({r.get("backend", {}).get("fast", "?") for rs in records.values() for r in rs})
    print(f"mode {args.mode}{', lockstep in turns of ' + str(args.turn_runs) + ' runs' if args.lockstep else ''}, "
          f"{args.rounds} rounds, {args.threads} threads, plan {args.plan}"
          f"{', AVX2 only' if args.avx2 else ''}, OpenBLAS core "
          f"{core if core else 'not named (OPENBLAS_CORETYPE unset)'}, ran {' / '.join(ran)};"
          f" medians of the rounds' medians (each round's ratio in brackets)")
    header = f"{'layer':14s} {'pass':16s} {'convkit ms':>11s} {'torch ms':>10s} {'torch/convkit':>14s}  rounds"
    if args.mode == "both":
        header += f"   {'suite/alone':>11s} {'max/median':>10s} {'slow':>4s} {'control':>8s} {'torch':>6s}"
    print(header)
    totals = {}
    below = []  # rounds under 1.0: "layer pass ratio"
    rounds = 0
    steady = []  # mode both, per line: (suite/alone within 15%, max/median <= 1.3)
    chart = []  # per line: (layer, pass, each round's ratio, median ratio, suite/alone or None, max/median or None)
    for layer in layers:
        for pass_name in PASSES:
            ck = samples[(layer, pass_name, main_side)]
            tc = samples[(layer, pass_name, "torch")]
            c = statistics.median(row[0] for row in ck)
            t = statistics.median(row[0] for row in tc)
            ratios = [trow[0] / crow[0] for crow, trow in zip(ck, tc)]
            per_round = " ".join(f"{r:.2f}" for r in ratios)
            rounds += len(ratios)
            below += [f"{layer} {pass_name} {r:.2f}" for r in ratios if r < 1.0]
            acc = totals.setdefault(pass_name, [0.0, 0.0])
            acc[0] += c
            acc[1] += t
            line = f"{layer:14s} {pass_name:16s} {c:11.2f} {t:10.2f} {t / c:14.2f}  [{per_round}]"
            chart.append([layer, pass_name, ratios, t / c, None, None])
            if args.mode == "both":
                alone = statistics.median(row[0] for row in samples[(layer, pass_name, "convkit-alone")])
                spread, control, slow = worst_spread(ck)
                torch_spread, _, _ = worst_spread(tc)
                steady.append((abs(c / alone - 1) <= 0.15, spread <= 1.3))
                chart[-1][4:] = [c / alone, spread]
                line += (f"   {c / alone:11.2f} {spread:10.2f} {'-' if slow is None else slow:>4} "
                         f"{control or float('nan'):8.2f} {torch_spread:6.2f}")
            print(line)
    for pass_name, (c, t) in totals.items():
        print(f"{'TOTAL':14s} {pass_name:16s} {c:11.2f} {t:10.2f} {t / c:14.2f}")
    # issue 15's bars, counted
    print(f"bars: rounds >= 1.0: {rounds - len(below)} of {rounds}" + (f" (below: {', '.join(below)})" if below else "")
          + "; totals >= 1.2: " + ", ".join(f"{name} {t / c:.2f}" for name, (c, t) in totals.items()))
    if steady:
        print(f"bars: suite/alone within 15%: {sum(s[0] for s in steady)} of {len(steady)} lines; "
              f"max/median <= 1.3 in every round: {sum(s[1] for s in steady)} of {len(steady)} lines")
    report_plans(plans)
    for side, side_records in records.items():
        print(f"slow runs, {side}: " + outliers.summary(side_records))
    for side, side_records in records.items():
        if any("warmup" in row for record in side_records for row in record.get("results", [])):
            print(f"code thrown away in warm-ups, {side}: " + warmup_discards(side_records))
            print(f"warm-ups at their cap, {side}: " + warmup_caps(side_records))
    for side, side_records in records.items():
        if any("jit" in record for record in side_records):
            print(f"range_check traps in the JDK's bounds check, {side}: " + shared_traps(side_records))
    print(f"(JSON records in {out_dir})")
    if args.svg:
        cpu = next((r["machine"].get("cpu") for rs in records.values() for r in rs if r.get("machine")), None)
        dates = sorted(r["date"] for rs in records.values() for r in rs if r.get("date"))
        date = dates[0][:16].replace("T", " ") + " UTC" if dates else ""
        title = (f"torch / convkit, {args.rounds} round{'s' if args.rounds != 1 else ''}"
                 f"{' in lockstep' if args.lockstep else ''}, mode {args.mode}, {args.threads} threads"
                 f"{', AVX2 only' if args.avx2 else ''}" + (f"; {cpu}" if cpu else "") + (f"; {date}" if date else ""))
        totals_rows = [(name, t / c) for name, (c, t) in totals.items()]
        write_svg(args.svg, title, chart, totals_rows)
        print(f"(chart in {args.svg})")


def replay(path):
    """A record an earlier run wrote, for --from."""
    if not os.path.isfile(path):
        raise SystemExit(f"--from: no record {path} (was the run's --mode, or its --lockstep, different?)")
    with open(path) as f:
        return json.load(f)


def replayed_rounds(directory):
    """How many rounds the records in directory hold (files NAME-ROUND.json, rounds from 0)."""
    rounds = [int(name[:-5].rsplit("-", 1)[1]) for name in os.listdir(directory)
              if name.startswith("torch-") and name.endswith(".json") and name[:-5].rsplit("-", 1)[1].isdigit()]
    if not rounds:
        raise SystemExit(f"--from: {directory} holds no torch-*-ROUND.json record of a compare run")
    return max(rounds) + 1


def write_svg(path, title, lines, totals):
    """The report as a chart: a row per (layer, pass, ratios, median, suite/alone, max/median), a log x axis."""
    ratios = [r for line in lines for r in line[2]] + [line[3] for line in lines] + [t for _, t in totals]
    low = min([0.5] + ratios) * 0.9
    high = max([4.0] + ratios) * 1.1
    left, width, row_height, top = 250, 520, 22, 60
    extra = 215 if any(line[4] is not None for line in lines) else 60
    rows = len(lines) + len(totals) + 1
    height = top + rows * row_height + 50

    def x(ratio):
        return left + width * (math.log(ratio) - math.log(low)) / (math.log(high) - math.log(low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + extra}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="14">{html.escape(title)}</text>',
           f'<text x="10" y="38" fill="#555">each round a dot, the median a bar; right of 1.0 convkit is faster '
           f'(bars: every round 1.0, totals 1.2)</text>']
    bottom = top + rows * row_height
    for tick in (0.5, 0.75, 1.0, 1.2, 1.5, 2, 3, 4, 6, 8):
        if low <= tick <= high:
            style = ('stroke="#c00" stroke-width="2"' if tick == 1.0 else
                     'stroke="#c00" stroke-dasharray="4 3"' if tick == 1.2 else 'stroke="#ddd"')
            out.append(f'<line x1="{x(tick):.1f}" y1="{top - 8}" x2="{x(tick):.1f}" y2="{bottom}" {style}/>')
            out.append(f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">{tick:g}</text>')
    out.append(f'<text x="{left + width / 2}" y="{bottom + 34}" text-anchor="middle">torch ms / convkit ms (log scale)</text>')
    out.append(f'<text x="{left + width + 6}" y="{top - 12}" fill="#555">median</text>')
    if extra > 20:
        out.append(f'<text x="{left + width + 60}" y="{top - 12}" fill="#555">suite/alone</text>')
        out.append(f'<text x="{left + width + 135}" y="{top - 12}" fill="#555">max/med</text>')
    red = ' fill="#c00"'
    y = top
    for layer, pass_name, per_round, median, suite_alone, spread in lines:
        label = f"{layer} {'fwd' if pass_name == 'forward' else 'fwd+bwd'}"
        miss = any(r < 1.0 for r in per_round)
        out.append(f'<text x="{left - 10}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>')
        out.append(f'<rect x="{min(x(median), x(1.0)):.1f}" y="{y + 5}" width="{abs(x(median) - x(1.0)):.1f}" '
                   f'height="12" fill="{"#e8a0a0" if median < 1.0 else "#9cc3e6"}"/>')
        for r in per_round:
            out.append(f'<circle cx="{x(r):.1f}" cy="{y + 11}" r="4" fill="{"#c00" if r < 1.0 else "#1f4e79"}"/>')
        out.append(f'<text x="{left + width + 6}" y="{y + 15}"{red if miss else ""}>{median:.2f}</text>')
        if suite_alone is not None:
            sa_bad = abs(suite_alone - 1) > 0.15
            sp_bad = spread > 1.3
            out.append(f'<text x="{left + width + 60}" y="{y + 15}"{red if sa_bad else ""}>{suite_alone:.2f}</text>')
            out.append(f'<text x="{left + width + 135}" y="{y + 15}"{red if sp_bad else ""}>{spread:.2f}</text>')
        y += row_height
    y += row_height
    for name, ratio in totals:
        out.append(f'<text x="{left - 10}" y="{y + 15}" text-anchor="end" font-weight="bold">TOTAL {html.escape(name)}</text>')
        out.append(f'<rect x="{min(x(ratio), x(1.0)):.1f}" y="{y + 5}" width="{abs(x(ratio) - x(1.0)):.1f}" height="12" '
                   f'fill="{"#e8a0a0" if ratio < 1.2 else "#6a9fcf"}"/>')
        out.append(f'<text x="{left + width + 6}" y="{y + 15}" font-weight="bold">{ratio:.2f}</text>')
        y += row_height
    out.append('</svg>')
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
