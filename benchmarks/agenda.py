"""Time ``followup agenda`` on a large tracker export, as a whole process.

    python benchmarks/agenda.py                       # 10,000 rows
    python benchmarks/agenda.py 2000                  # another size
    python benchmarks/agenda.py 10000 100000 200000   # a memory curve
    python benchmarks/agenda.py --compare 100000      # and `advise --input` on the same rows

The rows repeat the 20 applications of tests/fixtures/agenda/applications.csv (mixed
industries, countries and stages, one bad row in each 20), each with its own ``ref``.
Prints the wall-clock and CPU time of the process, the rows per CPU second and its peak
memory (resident, ru_maxrss of a process that runs nothing else); the machine may be
shared, so CPU time is the steadier figure. With ``--compare``, the same rows' situations
(as the agenda reads them) are also planned by ``followup advise
--input F.jsonl --output O.jsonl --format json`` at the same moment, and the agenda's CPU
time per row is given as a ratio to that.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "agenda" / "applications.csv"


def write_rows(path: Path, count: int) -> None:
    header, *rows = list(csv.reader(FIXTURE.read_text(encoding="utf-8").splitlines()))
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for index in range(count):
            row = list(rows[index % len(rows)])
            row[0] = f"{row[0]}-{index // len(rows)}"
            out.writerow(row)


NOW = "2026-11-23T09:00"


def _timed(command: list[str]) -> tuple[int, float, float, float]:
    """Run ``command`` in a child of its own: exit code, wall and CPU seconds, peak MB (its alone)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # A child of its own (the launcher below), so that its peak memory is the engine's alone.
    launcher = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                "stderr=subprocess.DEVNULL); print(done.returncode, "
                "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", launcher, *command], env=env, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    code, peak_kb = (int(part) for part in done.stdout.split())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return code, wall, cpu, peak_kb / 1024


def situations_of(tracker: Path, out: Path) -> int:
    """The situations of the tracker's rows that read as one (a bad date still fails later), into JSON Lines; how many."""
    sys.path.insert(0, str(ROOT))
    from engine.frontends.cli.agenda_input import read_rows

    rows, _ = read_rows(str(tracker))
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            if not row.error:
                handle.write(json.dumps(row.situation) + "\n")
                written += 1
    return written


def measure(count: int, fmt: str = "json", compare: bool = False) -> str:
    """One run of ``followup agenda`` over ``count`` rows (and of ``advise --input`` on them): one line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tracker.csv"
        write_rows(path, count)
        code, wall, cpu, peak = _timed([sys.executable, "-m", "engine", "agenda", str(path), "--now", NOW,
                                        "--format", fmt])
        line = (f"followup agenda --format {fmt}, {count:,} rows: exit {code}, {wall:.1f} s wall, {cpu:.1f} s CPU, "
                f"{count / cpu:,.0f} rows per CPU second, peak {peak:.0f} MB, load {os.getloadavg()[0]:.1f}")
        if compare:
            situations = Path(folder) / "situations.jsonl"
            good = situations_of(path, situations)
            a_code, a_wall, a_cpu, a_peak = _timed([sys.executable, "-m", "engine", "advise", "--input",
                                                    str(situations), "--output", str(Path(folder) / "plans.jsonl"),
                                                    "--format", "json", "--now", NOW])
            ratio = (cpu / count) / (a_cpu / good)
            line += (f"\nfollowup advise --input, the same {good:,} rows' situations: exit {a_code}, {a_wall:.1f} s wall, "
                     f"{a_cpu:.1f} s CPU, {good / a_cpu:,.0f} per CPU second, peak {a_peak:.0f} MB; "
                     f"the agenda takes {ratio:.2f}x its CPU time per row")
    return line


def main(argv: list[str]) -> int:
    fmt = "json"
    compare = "--compare" in argv
    argv = [arg for arg in argv if arg != "--compare"]
    if argv[:1] and argv[0].startswith("--format="):
        fmt, argv = argv[0].removeprefix("--format="), argv[1:]
    for count in [int(arg) for arg in argv] or [10_000]:
        print(measure(count, fmt, compare), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
