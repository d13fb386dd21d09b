"""Measure one process, ``--jobs N`` and a Dask LocalCluster on the same JSON Lines, and check the bytes.

    python benchmarks/scale.py [--count 20000] [--jobs 2] [--parts 4] [--mix benchmark|worldwide]

Each run is a whole ``followup advise`` process (wall time from start to exit, so
starting the workers or the cluster counts). The Dask run plans the same situations
split into ``--parts`` files (a task per file); its outputs, joined in order, must be the
bytes of the one-process output, and so must ``--jobs``'s. Prints a Markdown table
(docs/scale-out.md) and the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.situations import BATCH_NOW, MIXES, write_jsonl  # noqa: E402

FOLLOWUP = [sys.executable, "-m", "engine", "advise", "--now", BATCH_NOW]


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*FOLLOWUP, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"followup advise {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--parts", type=int, default=4, help="input files for the Dask run")
    parser.add_argument("--mix", choices=sorted(MIXES), default="benchmark")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="followup-scale-") as tmp:
        folder = Path(tmp)
        source = folder / "all.jsonl"
        write_jsonl(source, options.count, mix=options.mix)
        lines = source.read_bytes().splitlines(keepends=True)
        (folder / "parts").mkdir()
        size = -(-len(lines) // options.parts)
        for part in range(options.parts):
            (folder / "parts" / f"part-{part:03d}.jsonl").write_bytes(b"".join(lines[part * size:(part + 1) * size]))
        timings = {
            "one process": _run(["--input", str(source), "--output", str(folder / "one.jsonl")]),
            f"--jobs {options.jobs}": _run(["--input", str(source), "--jobs", str(options.jobs),
                                            "--output", str(folder / "jobs.jsonl")]),
            f"--dask local:{options.jobs}": _run(["--input", str(folder / "parts" / "*.jsonl"), "--output-dir",
                                                  str(folder / "out"), "--dask", f"local:{options.jobs}"]),
        }
        one = (folder / "one.jsonl").read_bytes()
        joined = b"".join(path.read_bytes() for path in sorted((folder / "out").iterdir()))
        same = {"--jobs": (folder / "jobs.jsonl").read_bytes() == one, "--dask": joined == one}
    base = timings["one process"]
    print(f"{options.count:,} situations ({options.mix} mix), {os.cpu_count()} CPUs, "
          f"load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; same bytes: {same}\n")
    print("| run | wall time | situations/s | speed-up |")
    print("|---|---|---|---|")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.1f} s | {options.count / seconds:,.0f} | {base / seconds:.2f}x |")
    print(json.dumps({"count": options.count, "mix": options.mix, "seconds": timings, "same_bytes": same}))
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
