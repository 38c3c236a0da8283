#!/usr/bin/env python3
"""CPU seconds used so far by the processes of a benchmark, from /proc (Linux).

Usage: cpu_usage.py snapshot FILE capture=PID apply=PID mariadb=PID postgres=PID
       cpu_usage.py delta FILE PREFIX WALL_SECONDS

snapshot writes the CPU seconds of each named process to FILE; delta takes a second snapshot of
the same processes and prints one figure with what each used in between, and the share of the
machine (all cores) they used. For postgres the pid is the postmaster's: its backends come and go,
so it counts the postmaster, its live children and (cutime/cstime) the children it already reaped.
The databases are shared with whatever else runs here: their figures include that work too.
"""
import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17, ppid=4
    return {"ppid": int(fields[1]), "own": (int(fields[11]) + int(fields[12])) / TICK,
            "reaped": (int(fields[13]) + int(fields[14])) / TICK}


def cpu(name, pid):
    s = stat(pid)
    if name != "postgres":
        return s["own"]
    total = s["own"] + s["reaped"]
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                c = stat(p)
            except (OSError, IndexError, ValueError):
                continue
            if c["ppid"] == int(pid):
                total += c["own"]
    return total


def main():
    if sys.argv[1] == "snapshot":
        pids = dict(a.split("=", 1) for a in sys.argv[3:])
        json.dump({"pids": pids, "cpu": {n: cpu(n, p) for n, p in pids.items()}}, open(sys.argv[2], "w"))
    else:
        before = json.load(open(sys.argv[2]))
        prefix, wall = sys.argv[3], float(sys.argv[4])
        parts = []
        total = 0.0
        for n, p in before["pids"].items():
            try:
                used = cpu(n, p) - before["cpu"][n]
            except OSError:
                parts.append(f"{n} ?")
                continue
            total += used
            parts.append(f"{n} {used:.1f}")
        cores = os.cpu_count()
        print(f"{prefix}cpu_seconds: {', '.join(parts)} s (of {wall * cores:.0f} core-s in {wall:.1f} s on {cores} cores;"
              f" these {total / (wall * cores) * 100:.0f}%)")


main()
