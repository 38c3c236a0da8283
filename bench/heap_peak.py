#!/usr/bin/env python3
"""Peak heap of one JVM during a benchmark run, from a `jstat -gc PID MS` log and a -Xlog:gc log.

Usage: heap_peak.py JSTAT_LOG GC_LOG GC_LOG_START_LINE NAME

Prints two figures:
  NAME_peak_mb:     the most heap in use at any moment: the larger of the jstat samples
                    (S0U + S1U + EU + OU) and the heap right before each GC (GC log "A->B(C)": A),
                    which catches the peaks that fall between two samples
  NAME_live_max_mb: the most heap still in use right after a GC (B): what the service really keeps
"""
import re
import sys

jstat_log, gc_log, gc_start, name = sys.argv[1], sys.argv[2], int(sys.argv[3] or 0), sys.argv[4]

peak_kb = 0.0
header = None
try:
    with open(jstat_log) as f:
        for line in f:
            cols = line.split()
            if not cols:
                continue
            if cols[0] == "S0C":
                header = cols
                continue
            if header is None or len(cols) != len(header):
                continue
            row = dict(zip(header, cols))
            try:
                used = sum(float(row[k]) for k in ("S0U", "S1U", "EU", "OU"))
            except (KeyError, ValueError):
                continue
            peak_kb = max(peak_kb, used)
except FileNotFoundError:
    pass

before_max = 0.0
after_max = None
unit = {"K": 1 / 1024, "M": 1.0, "G": 1024.0}
arrow = re.compile(r"(\d+(?:\.\d+)?)([KMG])->(\d+(?:\.\d+)?)([KMG])\((\d+(?:\.\d+)?)([KMG])\)")
try:
    with open(gc_log) as f:
        for i, line in enumerate(f):
            if i < gc_start:
                continue
            m = arrow.search(line)
            if not m:
                continue
            before = float(m.group(1)) * unit[m.group(2)]
            after = float(m.group(3)) * unit[m.group(4)]
            before_max = max(before_max, before)
            after_max = after if after_max is None else max(after_max, after)
except FileNotFoundError:
    pass

peak_mb = max(peak_kb / 1024, before_max)
print(f"{name}_peak_mb: {peak_mb:.0f} MB")
print(f"{name}_live_max_mb: " + ("n/a (no GC during the run)" if after_max is None else f"{after_max:.0f} MB"))
