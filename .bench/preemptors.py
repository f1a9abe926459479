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
compiler threads take most).

When the command writes `--json FILE` (`./convkit bench --json FILE`), the victims are the threads of
that JVM only (the record's "pid"; not another JVM's "java" thread), a task of another process is named
so, and two more tables count only what happened within its timed runs ("startRunsNs" and "runsMs",
on the monotonic clock perf is told to use): the preemptions, and the waits from a thread's wake-up
(`sched:sched_wakeup`) to its turn on a core, shared among what ran on that core meanwhile (idle: a
virtual CPU coming back from a halt); together they are what the record's "queuedRunsMs" adds up. Then
each timed run that one task held up for --run-ms or more, by name.
"""
import argparse
import bisect
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

SWITCH = re.compile(r"(\d+)/\d+\s+\[(\d+)\]\s+([\d.]+): sched:sched_switch: prev_comm=(.*?) prev_pid=(\d+) "
                    r"prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+) next_prio=\d+")
WAKE = re.compile(r"(\d+)/\d+\s+\[(\d+)\]\s+([\d.]+): sched:sched_wakeup: comm=(.*?) pid=(\d+) prio=\d+ "
                  r"target_cpu=(\d+)")
JVM_THREADS = re.compile(r"^(C[12] CompilerThre|GC Thread#(\d+|N)|G1 .*|JFR .*|VM .*|Monitor Deflati|Service Thread|"
                         r"Reference Handl|Finalizer|Common-Cleaner|Signal Dispatch|Notification Th|Attach Listener)$")


def switches(lines):
    """(process of the task switched out, cpu, time s, prev comm, prev pid, prev state, next comm, next pid) of each
    switch in perf script's text (prev pid and next pid are thread ids)."""
    for line in lines:
        m = SWITCH.search(line)
        if m:
            tgid, cpu, t, pc, pp, ps, nc, np_ = m.groups()
            yield tgid, cpu, float(t), pc, pp, ps, nc, np_


def task(comm):
    """A task's name with its trailing number cut (kworker/0:2 and kworker/0:3 are one kind of task)."""
    return re.sub(r"\d+$", "N", comm)


def owners(events):
    """{thread id: process id} of every thread that was switched out at least once."""
    return {pp: tgid for tgid, _, _, _, pp, _, _, _ in events}


def wakeups(lines):
    """(time s, comm, thread id) of each wake-up in perf script's text."""
    for line in lines:
        m = WAKE.search(line)
        if m:
            _, _, t, comm, pid, _ = m.groups()
            yield float(t), comm, pid


def woken_waits(events, owner, wakes, victim, process=None, windows=None):
    """{what held the core: [count, total ms, longest ms]} of the waits of victim threads from their wake-up
    to their turn on a core, each wait shared among what ran on that core meanwhile: "an idle CPU, waking"
    for the time it was idle (a virtual CPU that halted takes a while to come back), else the tasks."""
    merged = sorted([(t, 0, (comm, pid)) for t, comm, pid in wakes]
                    + [(e[2], 1, e) for e in events], key=lambda item: (item[0], item[1]))
    woken = {}
    running = {}  # cpu -> (since, comm) of what runs there
    recent = collections.defaultdict(lambda: collections.deque(maxlen=256))  # cpu -> (start, end, comm) turns
    found = Tally()
    for t, kind, item in merged:
        if kind == 0:
            comm, pid = item
            if victim.match(comm) and (process is None or owner.get(pid) == process):
                woken[pid] = t
            continue
        _, cpu, _, pc, _, _, nc, np_ = item
        if cpu in running:
            recent[cpu].append((running[cpu][0], t, running[cpu][1]))
        running[cpu] = (t, nc)
        if np_ not in woken:
            continue
        at = woken.pop(np_)
        window = -1 if windows is None else inside(windows, at)
        if windows is not None and window < 0:
            continue
        shares = collections.Counter()
        for begin, finish, comm in recent[cpu]:
            overlap = min(finish, t) - max(begin, at)
            if overlap > 0:
                who = "an idle CPU, waking" if comm.startswith("swapper") else task(comm)
                shares[who] += overlap * 1e3
        if not shares:
            shares["an idle CPU, waking"] = (t - at) * 1e3
        for who, ms in shares.items():
            found.add(who, ms, window, "after a wake-up")
    return found


class Tally(collections.defaultdict):
    """{task: [count, total ms, longest ms]}, and by_window: {window index: {task and how: ms}}."""

    def __init__(self):
        super().__init__(lambda: [0, 0.0, 0.0])
        self.by_window = collections.defaultdict(lambda: collections.defaultdict(float))

    def add(self, who, ms, window, how):
        entry = self[who]
        entry[0] += 1
        entry[1] += ms
        entry[2] = max(entry[2], ms)
        self.by_window[window][f"{who} ({how})"] += ms


def tally(events, owner, victim, process=None, windows=None):
    """{preemptor name: [count, total ms, longest ms]} and {task: [(start s, end s)]} of its turns on a core.

    process: the victims' process id (None: any); windows: sorted [(start s, end s)] in which a preemption
    must begin to count (None: any time). A preemptor of another process than `process` is named so."""
    taken = {}  # cpu -> (start, preemptor name, preemptor pid, window)
    found = Tally()
    turns = collections.defaultdict(list)
    running = {}  # cpu -> (start, comm, pid) of whatever runs there
    for tgid, cpu, t, pc, pp, ps, nc, np_ in events:
        if cpu in running and running[cpu][2] == pp:
            turns[running[cpu][1]].append((running[cpu][0], t))
        running[cpu] = (t, task(nc), np_)
        if cpu in taken:
            start, who, pid, window = taken.pop(cpu)
            if pp == pid:
                found.add(who, (t - start) * 1e3, window, "preempted")
        window = -1 if windows is None else inside(windows, t)
        if (ps.startswith("R") and victim.match(pc) and (process is None or tgid == process)
                and not (victim.match(nc) and (process is None or owner.get(np_) == process))
                and not nc.startswith("swapper") and (windows is None or window >= 0)):
            name = task(nc)
            if process is not None and owner.get(np_) not in (process, None):
                if JVM_THREADS.match(nc):
                    name = "another JVM's " + name
                elif victim.match(nc):
                    name = "another process's " + name
            taken[cpu] = (t, name, np_, window)
    return found, turns


def inside(windows, t):
    """The index of the window t falls in (sorted, disjoint windows), or -1."""
    i = bisect.bisect_right(windows, (t, float("inf"), "")) - 1
    return i if i >= 0 and windows[i][0] <= t <= windows[i][1] else -1


def timed_windows(record):
    """The timed runs of a bench record as sorted (start s, end s, "layer run i") on the JVM's monotonic
    clock: a run's forward and forward+backward lines begin together, the longer one ends it."""
    ends = {}
    names = {}
    for r in record["results"]:
        scale = r["measuredBatch"] / r["shape"]["n"] if r.get("scaled") else 1.0
        for i, (start, ms) in enumerate(zip(r.get("startRunsNs", []), r["runsMs"])):
            if start >= 0:
                ends[start] = max(ends.get(start, 0), start + ms * scale * 1e6)
                names[start] = f"{r['layer']} run {i + 1}"
    return sorted((start / 1e9, end / 1e9, names[start]) for start, end in ends.items())


def table(found, top):
    print(f"{'task':36s} {'times':>6s} {'total ms':>9s} {'longest ms':>10s}")
    for who, (count, total, longest) in sorted(found.items(), key=lambda kv: -kv[1][1])[:top]:
        print(f"{who:36s} {count:6d} {total:9.1f} {longest:10.2f}")


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
    parser.add_argument("--run-ms", type=float, default=1.0,
                        help="list a timed run when one task kept its threads from a core this long in it")
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
    record_json = next((command[i + 1] for i, a in enumerate(command[:-1]) if a == "--json"),
                       next((a.split("=", 1)[1] for a in command if a.startswith("--json=")), None))
    # the monotonic clock: the one the JVM's System.nanoTime reads, so the record's runs line up
    status = subprocess.call(["perf", "record", "-q", "-k", "CLOCK_MONOTONIC", "-m", "64M", "-e",
                              "sched:sched_switch", "-e", "sched:sched_wakeup", "-a", "-o", data, "--"] + command)
    if status != 0:
        sys.exit(f"preemptors.py: the command (or perf) ended with status {status}")
    text = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,tid,cpu,time,event,trace"], check=True,
                          capture_output=True, text=True).stdout.splitlines()
    events = list(switches(text))
    victim = re.compile(args.victims)
    record = None
    if record_json and os.path.exists(record_json):
        with open(record_json) as f:
            record = json.load(f)
    process = str(record["pid"]) if record and "pid" in record else None
    owner = owners(events)
    found, turns = tally(events, owner, victim, process)
    print(f"tasks that took a core from a thread matching {args.victims!r}"
          + (f" of process {process}" if process else "") + " while it was ready to run, the whole run:")
    table(found, args.top)
    windows = timed_windows(record) if record else []
    wakes = list(wakeups(text))
    if windows:
        timed, _ = tally(events, owner, victim, process, windows)
        seconds = sum(end - start for start, end, _ in windows)
        print(f"\nthe same within the {len(windows)} timed runs of {record_json} ({seconds:.2f} s in all):")
        table(timed, args.top)
        print("\nwithin the timed runs, from a wake-up to the thread's turn on a core, by what ran on the core"
              " meanwhile (with the preemptions above, what \"queuedRunsMs\" adds up):")
        waited = woken_waits(events, owner, wakes, victim, process, windows)
        table(waited, args.top)
        print(f"\ntimed runs whose threads one task kept from a core for {args.run_ms} ms or more:")
        held = 0
        for i, (start, end, name) in enumerate(windows):
            both = collections.Counter(timed.by_window.get(i, {})) + collections.Counter(waited.by_window.get(i, {}))
            big = {who: ms for who, ms in both.items() if ms >= args.run_ms}
            if big:
                held += 1
                print(f"  {name} ({(end - start) * 1e3:.2f} ms): "
                      + ", ".join(f"{who} {ms:.2f} ms" for who, ms in sorted(big.items(), key=lambda kv: -kv[1])))
        if not held:
            print("  none")
    elif record_json:
        print(f"\n(no timed runs with their starts in {record_json}: a record of an older bench?)")
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
