"""Coverage-guided fuzzing of the YAML reader, profile reading and ``engine.advise`` (optional).

Not part of the test suite (CI does not install atheris). For a long local run::

    pip install atheris            # needs a clang-built CPython on some platforms
    mkdir -p /tmp/followup-fuzz && cp tests/reliability/corpus/* /tmp/followup-fuzz/
    python tests/reliability/atheris_harness.py /tmp/followup-fuzz -max_total_time=3600 -rss_limit_mb=2048

The first byte of each input picks the target; the rest is its input:

* 0: ``engine.language.yaml_source.load_bytes`` (any bytes);
* 1: ``engine.language.catalog.read_profile`` of those bytes as a file, then resolving and using the
  profile if it is valid;
* 2: ``engine.advise`` of those bytes read as JSON (or YAML), with a fixed ``now``.

Only the documented errors may come out (``YamlError``, ``FollowupError``); anything else
is a crash that atheris reports with the input that caused it, kept in the current
directory. Seed the corpus folder with ``tests/reliability/corpus/`` files (prefix each
with a byte 0 or 1) and a few JSON situations (prefix 2).
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports():
    import engine
    from engine.language.catalog import read_profile
    from engine.language.yaml_source import YamlError, load_bytes
    from engine.testing.invariants import violations

WORKDIR = Path(tempfile.mkdtemp(prefix="followup-atheris-"))
SITUATION = {"interview": "2026-11-18T10:30", "timezone": "Europe/Paris"}


def fuzz_yaml(raw: bytes) -> None:
    with contextlib.suppress(YamlError):
        load_bytes(raw, "fuzz.yaml")


def fuzz_profile(raw: bytes) -> None:
    path = WORKDIR / "fuzz.yaml"
    path.write_bytes(raw)
    profile, problems = read_profile(path, "fuzz")
    if profile is None:
        assert problems
        return
    try:
        catalog = engine.Catalog([path])
        catalog.resolve(profile.id)
        plan = engine.advise({**SITUATION, "industry": profile.id}, now="2026-11-19T09:00", profiles=catalog)
    except engine.FollowupError:
        return
    assert violations(plan) == [], violations(plan)


def fuzz_advise(raw: bytes) -> None:
    try:
        situation = json.loads(raw)
    except RecursionError:  # the harness's own decoding, not the engine's
        return
    except ValueError:
        try:
            situation = load_bytes(raw, "situation.yaml").data
        except YamlError:
            return
    try:
        plan = engine.advise(situation, now="2026-11-21T10:00")
    except engine.FollowupError:
        return
    assert violations(plan) == [], violations(plan)


TARGETS = (fuzz_yaml, fuzz_profile, fuzz_advise)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    TARGETS[data[0] % len(TARGETS)](data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
