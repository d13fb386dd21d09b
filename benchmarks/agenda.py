"""Time ``followup agenda`` on a large tracker export, as a whole process.

    python benchmarks/agenda.py            # 10,000 rows
    python benchmarks/agenda.py 2000       # another size

The rows repeat the 20 applications of tests/fixtures/agenda/applications.csv (mixed
industries, countries and stages, one bad row in each 20), each with its own ``ref``.
Prints the wall-clock and CPU time of the process and the rows per CPU second; the
machine may be shared, so CPU time is the steadier figure.
"""

from __future__ import annotations

import csv
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


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tracker.csv"
        write_rows(path, count)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "engine", "agenda", str(path), "--now", "2026-11-23T09:00",
                               "--format", "json"], env=env, capture_output=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"followup agenda, {count:,} rows: exit {done.returncode}, {wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"{count / cpu:,.0f} rows per CPU second, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
