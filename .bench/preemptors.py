#!/usr/bin/env python3
"""Who takes the layer's cores: the tasks that ran in place of a benchmark's threads when the
scheduler took a core from one of them while it was ready to run (an involuntary switch).

Not part of the build or the tests; plain python3 and Linux's `perf` (Debian: linux-perf), as root or
where perf_event_paranoid lets perf trace the scheduler machine-wide.

    python3 .bench/preemptors.py [--victims REGEX] [--keep DIR] -- ./convkit bench --backward --runs 15

Records the scheduler's switches on every CPU (`perf record -e sched:sched_switch -a`) while the
command runs, then counts, for each task that took a core from a thread whose name matches --victims
(default: the JVM's main thread "java" and convkit's fast-path threads), how often, for how long in all
and at the longest, and, for the tasks outside the JVM, how their turns on a core come in bursts: the
CPU a burst takes and the time between bursts. The whole run is counted, warm-ups too (where the JIT's
compiler threads take most); `./convkit bench --json` records "queuedRunsMs" for the timed runs alone.
"""
import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

SWITCH = re.compile(r"\[(\d+)\]\s+([\d.]+): sched:sched_switch: prev_comm=(.*?) prev_pid=(\d+) prev_prio=\d+ "
                    r"prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+) next_prio=\d+")
JVM_THREADS = re.compile(r"^(C[12] CompilerThre|GC Thread#\d+|G1 .*|JFR .*|VM .*|Monitor Deflati|Service Thread|"
                         r"Reference Handl|Finalizer|Common-Cleaner|Signal Dispatch|Notification Th|Attach Listener)$")


def switches(lines):
    """(cpu, time s, prev comm, prev pid, prev state, next comm, next pid) of each switch in perf script's text."""
    for line in lines:
        m = SWITCH.search(line)
        if m:
            cpu, t, pc, pp, ps, nc, np_ = m.groups()
            yield cpu, float(t), pc, pp, ps, nc, np_


def tally(events, victim):
    """{preemptor name: [count, total ms, longest ms]} and {task: [(start s, end s)]} of its turns on a core."""
    taken = {}  # cpu -> (start, preemptor name, preemptor pid)
    found = collections.defaultdict(lambda: [0, 0.0, 0.0])
    turns = collections.defaultdict(list)
    running = {}  # cpu -> (start, comm, pid) of whatever runs there
    for cpu, t, pc, pp, ps, nc, np_ in events:
        if cpu in running and running[cpu][2] == pp:
            turns[running[cpu][1]].append((running[cpu][0], t))
        running[cpu] = (t, re.sub(r"\d+$", "N", nc), np_)
        if cpu in taken:
            start, who, pid = taken.pop(cpu)
            if pp == pid:
                ms = (t - start) * 1e3
                entry = found[who]
                entry[0] += 1
                entry[1] += ms
                entry[2] = max(entry[2], ms)
        if ps.startswith("R") and victim.match(pc) and not victim.match(nc) and not nc.startswith("swapper"):
            taken[cpu] = (t, re.sub(r"\d+$", "N", nc), np_)
    return found, turns


def bursts(spans, gap=0.02):
    """The turns of one task grouped into bursts (turns less than `gap` s apart): [(start s, CPU ms)]."""
    out = []
    for start, end in sorted(spans):
        if out and start - out[-1][2] < gap:
            out[-1] = (out[-1][0], out[-1][1] + (end - start) * 1e3, end)
        else:
            out.append((start, (end - start) * 1e3, end))
    return [(s, ms) for s, ms, _ in out]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--victims", default=r"^(java|convkit-fast.*)$",
                        help="the threads whose cores are watched, by name (regex; names are cut to 15 bytes)")
    parser.add_argument("--keep", help="a folder to keep perf's record and its text in")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run, after --")
    if shutil.which("perf") is None:
        sys.exit("preemptors.py: perf is not installed (Debian: apt-get install linux-perf)")
    folder = args.keep or tempfile.mkdtemp(prefix="preemptors-")
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "sched.data")
    status = subprocess.call(["perf", "record", "-q", "-m", "64M", "-e", "sched:sched_switch", "-a", "-o", data,
                              "--"] + command)
    if status != 0:
        sys.exit(f"preemptors.py: the command (or perf) ended with status {status}")
    text = subprocess.run(["perf", "script", "-i", data, "-F", "cpu,time,event,trace"], check=True,
                          capture_output=True, text=True).stdout.splitlines()
    found, turns = tally(switches(text), re.compile(args.victims))
    print(f"tasks that took a core from a thread matching {args.victims!r} while it was ready to run:")
    print(f"{'task':28s} {'times':>6s} {'total ms':>9s} {'longest ms':>10s}")
    for who, (count, total, longest) in sorted(found.items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f"{who:28s} {count:6d} {total:9.1f} {longest:10.2f}")
    print("\ntheir turns on a core in bursts (turns under 20 ms apart), tasks outside the JVM:")
    for who, _ in sorted(found.items(), key=lambda kv: -kv[1][1])[:args.top]:
        if JVM_THREADS.match(who) or who not in turns:
            continue
        b = bursts(turns[who])
        ms = [c for _, c in b]
        gaps = [b[i + 1][0] - b[i][0] for i in range(len(b) - 1)]
        print(f"  {who}: {len(b)} bursts, CPU ms a burst median {statistics.median(ms):.2f}, max {max(ms):.2f}; "
              + (f"median {statistics.median(gaps):.3f} s apart" if gaps else "one burst"))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
