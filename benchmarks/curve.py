"""Throughput and memory of the API batch against the number of situations, and their chart.

    python benchmarks/curve.py                          # 10,000, 30,000 and 100,000 situations
    python benchmarks/curve.py --counts 10000 100000 300000
    python benchmarks/curve.py --from benchmarks/curve.json   # redraw the chart only

Each size is one fresh process (``benchmarks/run.py``'s batch worker: ``advise(...).to_dict()``
over the benchmark's mix, one core), so its figure includes the start of a batch: the
profiles' loading and the patterns the process has not seen yet. Peak memory is the
process's ``ru_maxrss``. Unless 1,000,000 situations were measured themselves (give it
in ``--counts``: about 7 minutes of CPU time), that point is extrapolated from the measured
ones only where they show a straight line: the CPU time a linear fit of the count (each point
within 5% of the fit) and the memory flat (the largest point within 10% of the one a tenth
of its size). Otherwise the extrapolated point is left out and the output says why.

Writes the figures to benchmarks/curve.json and the chart (SVG, no plotting library) to
docs/performance-curve.svg.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.run import _load, _worker  # noqa: E402
from benchmarks.situations import DEFAULT_SEED, write_jsonl  # noqa: E402

FIGURES = HERE / "curve.json"
CHART = ROOT / "docs" / "performance-curve.svg"
TARGET_COUNT = 1_000_000


def measure(counts: list[int], backend: str, seed: int) -> dict[str, Any]:
    import engine

    points = []
    with tempfile.TemporaryDirectory(prefix="followup-curve-") as tmp:
        situations = Path(tmp) / "situations.jsonl"
        write_jsonl(situations, max(counts), seed)
        for count in sorted(counts):
            load = _load()
            print(f"{count:,} situations (load {' '.join(map(str, load))})", file=sys.stderr, flush=True)
            done = _worker(["batch", "--input", str(situations), "--backend", backend or engine.backend_name(),
                            "--planner", "engine", "--count", str(count)], None, dict(os.environ))
            points.append({"count": count, "cpu_s": done["cpu_s"], "wall_s": done["wall_s"],
                           "per_s_cpu": done["per_s_cpu"], "maxrss_mb": done["memory"][-1]["maxrss_mb"],
                           "load_before": load})
    return {"backend": backend or engine.backend_name(), "seed": seed, "points": points}


def extrapolate(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The 1,000,000-situation point, where the measured points are linear (time) and flat (memory)."""
    if max(p["count"] for p in points) >= TARGET_COUNT:
        return {"why_not": f"{TARGET_COUNT:,} situations were measured"}
    if len(points) < 3:
        return {"why_not": "fewer than three measured sizes"}
    xs = [p["count"] for p in points]
    ys = [p["cpu_s"] for p in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    start = mean_y - slope * mean_x
    worst = max(abs(start + slope * x - y) / y for x, y in zip(xs, ys, strict=True))
    last = points[-1]
    tenth = min(points, key=lambda p: abs(p["count"] - last["count"] / 10))
    growth = last["maxrss_mb"] / tenth["maxrss_mb"] - 1
    if worst > 0.05:
        return {"why_not": f"the CPU time is not linear in the count (a point {worst:.0%} off the fit)"}
    if growth > 0.10:
        return {"why_not": f"the memory is not flat ({growth:+.0%} from {tenth['count']:,} to {last['count']:,})"}
    cpu = start + slope * TARGET_COUNT
    return {"count": TARGET_COUNT, "cpu_s": cpu, "per_s_cpu": TARGET_COUNT / cpu, "maxrss_mb": last["maxrss_mb"],
            "fit": {"start_s": start, "per_situation_ms": slope * 1000, "worst_deviation": worst},
            "memory_growth": growth}


# --- the chart ------------------------------------------------------------------------

WIDTH, HEIGHT, PANEL_H = 720, 560, 200
LEFT, RIGHT = 80, 30


def _x(count: float, low: float, high: float) -> float:
    import math

    return LEFT + (math.log10(count) - math.log10(low)) / (math.log10(high) - math.log10(low)) * (WIDTH - LEFT - RIGHT)


def _panel(top: float, title: str, unit: str, series: list[tuple[float, float, bool]], low: float, high: float,
           target: float | None, target_label: str) -> list[str]:
    values = [v for _, v, _ in series] + ([target] if target else [])
    ceiling = max(values) * 1.15
    def y(value: float) -> float:
        return top + PANEL_H - value / ceiling * PANEL_H
    out = [f'<text x="{LEFT}" y="{top - 12}" font-size="14" font-weight="bold">{title}</text>',
           f'<line x1="{LEFT}" y1="{top + PANEL_H}" x2="{WIDTH - RIGHT}" y2="{top + PANEL_H}" stroke="#444"/>',
           f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{top + PANEL_H}" stroke="#444"/>']
    for step in range(5):
        value = ceiling * step / 4
        out.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">{value:,.0f}</text>')
        out.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" stroke="#ddd"/>')
    out.append(f'<text x="16" y="{top + PANEL_H / 2}" font-size="11" transform="rotate(-90 16 {top + PANEL_H / 2})" '
               f'text-anchor="middle">{unit}</text>')
    if target:
        out.append(f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" y2="{y(target):.1f}" stroke="#c33" '
                   'stroke-dasharray="6 4"/>')
        out.append(f'<text x="{WIDTH - RIGHT}" y="{y(target) - 5:.1f}" font-size="11" fill="#c33" '
                   f'text-anchor="end">{target_label}</text>')
    measured = [(c, v) for c, v, extrapolated in series if not extrapolated]
    path = " ".join(f"{_x(c, low, high):.1f},{y(v):.1f}" for c, v in measured)
    out.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for c, v, extrapolated in series:
        if extrapolated:
            last_c, last_v = measured[-1]
            out.append(f'<line x1="{_x(last_c, low, high):.1f}" y1="{y(last_v):.1f}" x2="{_x(c, low, high):.1f}" '
                       f'y2="{y(v):.1f}" stroke="#1f5fa8" stroke-width="2" stroke-dasharray="4 4"/>')
        fill = "white" if extrapolated else "#1f5fa8"
        out.append(f'<circle cx="{_x(c, low, high):.1f}" cy="{y(v):.1f}" r="4" fill="{fill}" stroke="#1f5fa8"/>')
        out.append(f'<text x="{_x(c, low, high):.1f}" y="{y(v) - 9:.1f}" font-size="11" '
                   f'text-anchor="middle">{v:,.0f}</text>')
    return out


def chart(figures: dict[str, Any]) -> str:
    points = figures["points"]
    beyond = figures.get("extrapolated", {})
    counts = [p["count"] for p in points] + ([beyond["count"]] if "count" in beyond else [])
    low, high = min(counts) / 1.5, max(max(counts), TARGET_COUNT) * 1.5
    rate = [(p["count"], p["per_s_cpu"], False) for p in points]
    memory = [(p["count"], p["maxrss_mb"], False) for p in points]
    if "count" in beyond:
        rate.append((beyond["count"], beyond["per_s_cpu"], True))
        memory.append((beyond["count"], beyond["maxrss_mb"], True))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']
    out += _panel(50, "Throughput: plans per CPU second, one core", "plans/s", rate, low, high, 2_500,
                  "target 2,500/s")
    out += _panel(320, "Peak memory of the process (ru_maxrss)", "MB", memory, low, high, 150, "target 150 MB")
    for count in (10_000, 30_000, 100_000, 300_000, 1_000_000):
        if low <= count <= high:
            x = _x(count, low, high)
            out.append(f'<text x="{x:.1f}" y="{320 + PANEL_H + 18}" font-size="11" text-anchor="middle">'
                       f'{count:,}</text>')
            out.append(f'<text x="{x:.1f}" y="{50 + PANEL_H + 18}" font-size="11" text-anchor="middle">'
                       f'{count:,}</text>')
    if "count" in beyond:
        note = "filled: measured; open, dashed: extrapolated (linear CPU time, flat memory)"
    elif max(p["count"] for p in points) >= TARGET_COUNT:
        note = "every point measured"
    else:
        note = f"not extrapolated to {TARGET_COUNT:,}: {beyond.get('why_not', '')}"
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 12}" font-size="11" fill="#555">situations in the batch (log scale); '
               f'{note}; {figures["backend"]}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--backend", choices=["durable", "python"], default=None)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--from", dest="source", help="redraw from these figures instead of measuring")
    args = parser.parse_args(argv)
    if args.source:
        figures = json.loads(Path(args.source).read_text(encoding="utf-8"))
        figures["extrapolated"] = extrapolate(figures["points"])
        FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    else:
        figures = measure(args.counts, args.backend or "", args.seed)
        figures["extrapolated"] = extrapolate(figures["points"])
        FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    CHART.write_text(chart(figures), encoding="utf-8")
    for point in figures["points"]:
        print(f"{point['count']:>9,}: {point['per_s_cpu']:,.0f} plans per CPU second, peak {point['maxrss_mb']:.0f} MB")
    beyond = figures["extrapolated"]
    if "count" in beyond:
        print(f"{beyond['count']:>9,}: {beyond['per_s_cpu']:,.0f} plans per CPU second, peak {beyond['maxrss_mb']:.0f} MB "
              f"(extrapolated: {beyond['fit']['per_situation_ms']:.3f} ms per situation, worst point "
              f"{beyond['fit']['worst_deviation']:.1%} off the fit; memory {beyond['memory_growth']:+.1%})")
    else:
        print(f"not extrapolated: {beyond['why_not']}")
    print(f"written {FIGURES.relative_to(ROOT)} and {CHART.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
