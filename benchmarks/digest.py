"""One digest of many plans, to show that a change left every plan the same, byte for byte.

The plans: 6,000 situations of the benchmark's mix (each naming one of the bundled
industries in turn) and 3,000 of the worldwide mix, each planned at two moments and
written as JSON and as text: 18,000 plans. A refactoring or a speed-up must not change
the digest; a change of behaviour changes it on purpose.

    python benchmarks/digest.py            # prints the digest
    python benchmarks/digest.py --check D  # exit 1 unless the digest is D
    python benchmarks/digest.py --count 600 --worldwide 300   # a smaller set
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine
from benchmarks.situations import situations
from engine.report.formats import PLAN_FORMATS, Reading

MOMENTS = ("2026-07-01T12:00+00:00", "2026-11-21T10:00-05:00")


def _situations(count: int, worldwide: int, seed: int) -> Iterator[dict[str, Any]]:
    industries = engine.default_catalog().industries
    for index, situation in enumerate(situations(count, seed, industry=None)):
        situation["industry"] = industries[index % len(industries)]
        yield situation
    yield from situations(worldwide, seed, industry=None, mix="worldwide")


def digest(count: int = 6_000, worldwide: int = 3_000, seed: int = 2026) -> tuple[str, int]:
    """The SHA-256 of every plan's JSON and text, in order, and the number of plans."""
    hasher = hashlib.sha256()
    reading = Reading()
    plans = 0
    for situation in _situations(count, worldwide, seed):
        for now in MOMENTS:
            try:
                plan = engine.advise(situation, now=now)
            except engine.FollowupError as error:
                hasher.update(f"error: {error}\n".encode())
                continue
            hasher.update(PLAN_FORMATS["json"].render(plan, reading))
            hasher.update(PLAN_FORMATS["text"].render(plan, reading))
            plans += 1
    return hasher.hexdigest(), plans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=6_000, help="situations of the benchmark's mix")
    parser.add_argument("--worldwide", type=int, default=3_000, help="situations of the worldwide mix")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--check", metavar="DIGEST", help="exit 1 unless the digest is this one")
    args = parser.parse_args(argv)
    found, plans = digest(args.count, args.worldwide, args.seed)
    print(f"{found}  ({plans} plans)")
    if args.check and args.check != found:
        print(f"digest differs: expected {args.check}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
