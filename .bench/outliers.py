#!/usr/bin/env python3
"""The slow runs of convkit bench records, each with what else happened in it.

Not part of the build or the tests; plain python3, no packages.

    python3 .bench/outliers.py RECORD.json [RECORD.json ...] [--over 1.3]

For every fast-path line of each record (`./convkit bench --json`), the timed runs over --over × the
line's median, with the record's per-run counters (cpuRunsMs, jitRunsMs, gcRuns, allocRunsBytes,
faultRuns, preemptRuns, queuedRunsMs, stealRunsMs where the record has them): the process's CPU time in that run
against the median run's, the JIT's compilation milliseconds, the garbage collections that ended in it,
the bytes allocated in it, the process's page faults and involuntary context switches in it, the milliseconds
the layer's threads were ready to run but waited for a core (summed over them), and the
milliseconds the host took from the machine's CPUs (summed over them; over the whole run, the forward
line's too; in 10 ms steps); and, where the record names them (jitRunsMethods), the compilations that ran
during the run, the longest part first. Each slow run gets one cause, the first that fits:
  jit      the JIT compiled during the run for at least half of the run's excess over the median
           (its compiler threads take a core from the layer's two; a compilation much shorter than
           the excess cannot explain it);
  gc       a collection ended during the run;
  stolen   the host took the machine's CPUs for at least half the run's excess (a virtual machine's
           steal time; with the kernel's paravirtual time accounting, time taken this way is not
           counted as the process's CPU time). Not always the host's own doing: a guest that
           reports free memory to its host loses 10-40 ms a pass, a pass every 2 s, after a
           process frees hundreds of MB (the bench's heap once did: zen3-2026-12-05q.md; watch
           with steal_monitor.py);
  queued   the layer's threads (the bench's and the fast path's workers) waited for a core while
           ready to run for at least half the run's excess: another task of the machine held it (a
           kernel thread such as kdamond, the JVM's own compiler or GC threads, another process;
           .bench/preemptors.py names them);
  machine  the bench's control (`--control`: fixed arithmetic on the same threads, no memory) ran
           slow too in its run right after this one, by at least half as much: the cores were slow
           for a while (a host's other work on the same core, its clock), whatever ran on them;
  faults   the process took page faults over the median run's, at least 256 more and twice as many
           (memory touched for the first time, or given back to the system and touched again);
  waiting  the process's CPU time grew less than half as much as its wall time (or stayed within
           1.15 × the median's): for most of the excess its threads were not running, descheduled
           by the machine or waiting on each other (a 42 ms run of a 7.5 ms layer with 1.3 × the
           median's CPU time is this, not work);
  work     the process's CPU time grew with the wall time: more work, or the same work done slower
           (caches, memory bandwidth or a core's clock, which a virtual machine shares with its
           neighbours on the host; .bench/MachineSpread.java shows how often that happens to a job of
           fixed work).
The last lines count the causes over all records.
"""
import argparse
import json
import statistics
from collections import Counter


def cause(wall, median, cpu, median_cpu, jit, gc, stolen=-1, faults=-1, median_faults=-1, control=None,
          queued=-1):
    """control: (the control's run after this one, the control's median), or None."""
    excess = wall - median
    if jit > 0 and jit >= 0.5 * excess:
        return "jit"
    if gc > 0:
        return "gc"
    if stolen > 0 and stolen >= 0.5 * excess:
        return "stolen"
    if queued > 0 and queued >= 0.5 * excess:
        return "queued"
    if control is not None and control[0] / control[1] - 1 >= 0.5 * (wall / median - 1):
        return "machine"
    if faults >= 0 and median_faults >= 0 and faults - median_faults >= 256 and faults >= 2 * median_faults:
        return "faults"
    if cpu <= 1.15 * median_cpu or cpu / median_cpu - 1 < 0.5 * (wall / median - 1):
        return "waiting"
    return "work"


def counter(r, name, i):
    """The record's per-run counter `name` of run i, or -1 where the record has none."""
    return r[name][i] if name in r else -1


def slow_runs(record, over=1.3):
    """[(result line, its median, its median CPU, [(run index, cause)])] of the fast-path lines of one
    bench record that have runs over `over` × their median (lines without per-run counters are skipped)."""
    found = []
    for r in record["results"]:
        if r.get("impl") != "fast" or "cpuRunsMs" not in r:
            continue
        runs, cpus = r["runsMs"], r["cpuRunsMs"]
        median, median_cpu = statistics.median(runs), statistics.median(cpus)
        median_faults = statistics.median(r["faultRuns"]) if "faultRuns" in r else -1
        control = r.get("control", {})
        slow = [(i, cause(runs[i], median, cpus[i], median_cpu, r["jitRunsMs"][i], r["gcRuns"][i],
                          counter(r, "stealRunsMs", i), counter(r, "faultRuns", i), median_faults,
                          (control["runsMs"][i], control["medianMs"]) if "runsMs" in control else None,
                          counter(r, "queuedRunsMs", i)))
                for i, t in enumerate(runs) if t > over * median]
        found.append((r, median, median_cpu, slow))
    return found


def summary(records, over=1.3):
    """One line: how many fast-path lines of the records had slow runs, and the causes of those runs."""
    counts = Counter()
    lines = slow_lines = 0
    for record in records:
        for _, _, _, slow in slow_runs(record, over):
            lines += 1
            slow_lines += bool(slow)
            counts.update(c for _, c in slow)
    return (f"{slow_lines} of {lines} lines had runs over {over} × their median; causes of those runs: "
            + (", ".join(f"{k} {v}" for k, v in counts.most_common()) or "none"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("records", nargs="+")
    parser.add_argument("--over", type=float, default=1.3)
    args = parser.parse_args()
    records = []
    for path in args.records:
        with open(path) as f:
            record = json.load(f)
        records.append(record)
        for r, median, median_cpu, slow in slow_runs(record, args.over):
            if not slow:
                continue
            print(f"{path}: {r['layer']} {r['pass']}: median {median:.2f} ms, cpu {median_cpu:.2f} ms")
            runs, cpus = r["runsMs"], r["cpuRunsMs"]
            for i, c in slow:
                print(f"  run {i + 1:2d}: {runs[i]:8.2f} ms ({runs[i] / median:.2f}×), cpu {cpus[i]:8.2f} ms "
                      f"({cpus[i] / median_cpu:.2f}×), jit {r['jitRunsMs'][i]} ms, gc {r['gcRuns'][i]}"
                      + (f", alloc {r['allocRunsBytes'][i] / 1024:.0f} KiB" if "allocRunsBytes" in r else "")
                      + (f", faults {r['faultRuns'][i]} (median {statistics.median(r['faultRuns']):.0f})"
                         if "faultRuns" in r else "")
                      + (f", preempted {r['preemptRuns'][i]} (median {statistics.median(r['preemptRuns']):.0f})"
                         if "preemptRuns" in r else "")
                      + (f", queued {r['queuedRunsMs'][i]:.2f} ms" if "queuedRunsMs" in r else "")
                      + (f", stolen {r['stealRunsMs'][i]} ms" if "stealRunsMs" in r else "")
                      + (f", control {r['control']['runsMs'][i] / r['control']['medianMs']:.2f}×"
                         if "runsMs" in r.get("control", {}) else "")
                      + f": {c}")
                compiled = r.get("jitRunsMethods", [[]] * len(runs))[i]
                if compiled:
                    print(f"           compiled during it: {'; '.join(compiled)}")
    print(summary(records, args.over))


if __name__ == "__main__":
    main()
