#!/usr/bin/env python3
"""Watches the host's steal time and the guest's free page reporting while a command runs.

    python3 .bench/steal_monitor.py --out OUT.tsv -- ./convkit bench --backward --runs 15

Every 10 ms it reads the steal column of /proc/stat (10 ms ticks) and, where the kernel has them,
the page reporting counters (/sys/module/page_reporting/parameters/reported_kib and passes: memory
the guest handed back to its host), and writes a line whenever one changed; the command's standard
error lines (the bench's progress) are written with their times too. `--svg F` plots both against
the time since the command started: the memory reported and the steal time, one mark a change,
and the command's steps as ticks (what .bench/zen3-2026-12-05q.md shows).
"""
import argparse
import subprocess
import sys
import threading
import time

REPORTING = '/sys/module/page_reporting/parameters/'


def read_counters():
    with open('/proc/stat') as f:
        fields = f.readline().split()
    steal = int(fields[8]) if len(fields) > 8 else 0
    try:
        reported = int(open(REPORTING + 'reported_kib').read())
        passes = int(open(REPORTING + 'passes').read())
    except OSError:
        reported, passes = 0, 0
    return steal, reported, passes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', required=True, help='TSV: seconds, kind, value')
    parser.add_argument('--svg', help='also plot the TSV here')
    parser.add_argument('command', nargs='+')
    args = parser.parse_args()
    start = time.time()
    rows = []
    done = threading.Event()

    def watch():
        prev = read_counters()
        while not done.is_set():
            time.sleep(0.01)
            cur = read_counters()
            now = time.time() - start
            if cur[0] != prev[0]:
                rows.append((now, 'steal_ms', (cur[0] - prev[0]) * 10))
            if cur[1] != prev[1]:
                rows.append((now, 'reported_mib', (cur[1] - prev[1]) / 1024))
            prev = cur

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    process = subprocess.Popen(args.command, stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        sys.stderr.write(line)
        rows.append((time.time() - start, 'step', line.strip().replace('\t', ' ')))
    code = process.wait()
    done.set()
    watcher.join()
    rows.sort(key=lambda row: row[0])
    with open(args.out, 'w') as out:
        for seconds, kind, value in rows:
            out.write(f'{seconds:.3f}\t{kind}\t{value}\n')
    if args.svg:
        plot([(args.out, args.out)], args.svg)
    steal = sum(v for _, k, v in rows if k == 'steal_ms')
    reported = sum(v for _, k, v in rows if k == 'reported_mib')
    print(f'steal {steal} ms, reported {reported:.0f} MiB in {time.time() - start:.0f} s; {args.out}', file=sys.stderr)
    sys.exit(code)


def load(path):
    rows = []
    for line in open(path):
        seconds, kind, value = line.rstrip('\n').split('\t', 2)
        rows.append((float(seconds), kind, value))
    return rows


def plot(files, svg):
    """One panel a file: steal (bars, ms) and memory reported (bars, MiB) against seconds."""
    width, panel, left = 900, 150, 60
    data = [(title, load(path)) for title, path in files]
    end = max((r[0] for _, rows in data for r in rows), default=1)
    x = lambda s: left + (width - left - 20) * s / end
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{panel * len(data) + 40}" '
             'font-family="sans-serif" font-size="11">', '<rect width="100%" height="100%" fill="white"/>']
    for i, (title, rows) in enumerate(data):
        top = 20 + i * panel
        base = top + panel - 40
        parts.append(f'<text x="{left}" y="{top + 4}" font-size="12">{title} (dashed: a layer starts; '
                     'bars up: steal ms; down: MiB handed to the host, a pixel for 3)</text>')
        parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 20}" y2="{base}" stroke="black"/>')
        for seconds, kind, value in rows:
            if kind == 'steal_ms':
                h = min(80, float(value))
                parts.append(f'<rect x="{x(seconds) - 1.5:.1f}" y="{base - h:.1f}" width="3" height="{h:.1f}" fill="#c0392b"/>')
            elif kind == 'reported_mib':
                h = min(30, float(value) / 3)
                parts.append(f'<rect x="{x(seconds) - 1:.1f}" y="{base:.1f}" width="3" height="{h:.1f}" fill="#2980b9"/>')
            elif kind == 'step' and 'timed runs' in value:
                parts.append(f'<line x1="{x(seconds):.1f}" y1="{top + 10}" x2="{x(seconds):.1f}" y2="{base}" '
                             'stroke="#999" stroke-dasharray="2,3"/>')
        parts.append(f'<text x="4" y="{base - 60}" fill="#c0392b">steal ms</text>')
        parts.append(f'<text x="4" y="{base + 16}" fill="#2980b9">MiB to host</text>')
    for s in range(0, int(end) + 1, 10):
        parts.append(f'<text x="{x(s) - 6:.1f}" y="{20 + panel * len(data) + 10}">{s} s</text>')
    parts.append('</svg>')
    with open(svg, 'w') as out:
        out.write('\n'.join(parts))


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--plot':
        # --plot OUT.svg TITLE=FILE.tsv ...: several runs, one panel each
        plot([tuple(a.split('=', 1)) for a in sys.argv[3:]], sys.argv[2])
    else:
        main()
