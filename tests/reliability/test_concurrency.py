"""First use from many threads at once, and durable-rules' own keys for facts.

A ``Catalog`` checks and resolves profiles lazily, on first use; a service that starts
many threads at once makes that first use concurrent. These tests start the threads on
a barrier, in this process (a fresh ``Catalog`` each round, with a tiny thread switch
interval so threads interleave as much as they can) and in fresh processes (the
process-wide ``default_catalog()`` and ``engine.advise``, exactly as a service would).
``FOLLOWUP_RACE_ROUNDS`` and ``FOLLOWUP_RACE_PROCESSES`` set how many fresh catalogs
(default 10) and fresh processes (default 3); docs/reliability.md gives the long run.

durable-rules keeps the facts of a session in a table keyed by a 32-bit hash of each
fact's id; without an id of ours it makes one from the fact's content, so two different
facts could share a key and the second was refused ("observed", code 2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine.evaluation.backends import durable_problem
from engine.language.model import ROOT

from .support import REPO, record

THREADS = 16
ROUNDS = int(os.environ.get("FOLLOWUP_RACE_ROUNDS", "10"))
RACE_PROCESSES = int(os.environ.get("FOLLOWUP_RACE_PROCESSES", "3"))


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Threads switch every microsecond instead of every 5 ms: races show up at once."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def expected_profiles() -> dict[str, str]:
    """Every bundled profile resolved one at a time, by a catalog used by one thread."""
    catalog = engine.Catalog(entry_points=False)
    return {key: catalog.resolve(key).digest for key in catalog.ids}


def test_first_use_of_a_catalog_from_many_threads_resolves_every_profile(fast_switching: None) -> None:
    """16 threads resolve different profiles of a fresh catalog at once, round after round:
    each gets the profile one thread alone gets, and the catalog stays good afterwards."""
    expected = expected_profiles()
    wanted = [key for key in sorted(expected) if key != ROOT]
    failures: list[str] = []
    started = time.perf_counter()
    for round_ in range(ROUNDS):
        catalog = engine.Catalog(entry_points=False)
        barrier = threading.Barrier(THREADS)
        got: dict[int, str] = {}

        def work(index: int, catalog: engine.Catalog = catalog, barrier: threading.Barrier = barrier,
                 got: dict[int, str] = got) -> None:
            barrier.wait()
            key = wanted[index % len(wanted)]
            try:
                got[index] = catalog.resolve(key).digest
            except Exception as error:  # anything at all is a failure here
                got[index] = f"{type(error).__name__}: {error}"

        threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, digest in sorted(got.items()):
            key = wanted[index % len(wanted)]
            if digest != expected[key] and len(failures) < 5:
                failures.append(f"round {round_}, thread {index} ({key}): {digest}")
        for key in expected:  # afterwards, one thread: nothing broken was kept
            try:
                digest = catalog.resolve(key).digest
            except Exception as error:
                digest = f"{type(error).__name__}: {error}"
            if digest != expected[key] and len(failures) < 10:
                failures.append(f"round {round_}, afterwards ({key}): {digest}")
    record("threads: first use of a catalog", f"{ROUNDS} fresh catalogs x {THREADS} threads on a barrier in "
                                              f"{time.perf_counter() - started:.1f} s, every profile as alone")
    assert not failures, "\n".join(failures)


# The child: the process-wide catalog, first used by 16 threads on a barrier, then one thread.
CHILD = """
import json, sys, threading
sys.setswitchinterval(1e-6)
import engine

def plan(industry):
    situation = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": industry}
    try:
        return json.dumps(engine.advise(situation, now="2026-11-21T10:00").to_dict())
    except BaseException as error:
        return f"{type(error).__name__}: {error}"

industries = engine.default_catalog().industries
barrier = threading.Barrier(16)
together = {}

def work(index):
    barrier.wait()
    together[index] = plan(industries[index % len(industries)])

threads = [threading.Thread(target=work, args=(index,)) for index in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
alone = {key: plan(key) for key in industries}
print(json.dumps({"industries": industries, "together": together, "alone": alone}))
"""


def test_first_use_of_the_default_catalog_in_fresh_processes(tmp_path: Path) -> None:
    """``engine.default_catalog()`` and ``engine.advise`` first used by 16 threads at once, in fresh
    processes: every plan is the one a lone call gets, and the calls after it all work."""
    reference: dict[str, str] | None = None
    started = time.perf_counter()
    for run in range(RACE_PROCESSES):
        child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=tmp_path,
                               timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert child.returncode == 0, child.stderr[-2000:]
        result = json.loads(child.stdout)
        industries, alone = result["industries"], result["alone"]
        for key, text in alone.items():
            assert text.startswith("{"), f"run {run}, {key} afterwards: {text[:300]}"
        if reference is None:
            reference = alone
        assert alone == reference, f"run {run}: plans differ between fresh processes"
        for index, text in result["together"].items():
            key = industries[int(index) % len(industries)]
            assert text == alone[key], f"run {run}, thread {index} ({key}): {text[:300]}"
    record("threads: first use in fresh processes",
           f"{RACE_PROCESSES} processes x {THREADS} threads, {time.perf_counter() - started:.1f} s, no failure")


# --- durable-rules' keys for facts -------------------------------------------------------

# Two serial numbers whose facts durable-rules 2.0.28 keys alike when it makes the ids
# itself: facts {"sid": "0", "scope_": "slot", "serial_": N} for these N get the same
# 32-bit key (a FNV-1a hash of the first 20 characters of a 64-bit hash of the content),
# found by computing that key for the first 10^8 serial numbers.
COLLIDING_SERIALS = (60_262_182, 60_262_201)


# The child: one batch through the adapter whose serial numbers span both colliding ones. Run
# apart, because durable-rules may abort the process when such a batch goes wrong.
COLLISION_CHILD = """
import itertools, json, sys
from engine.evaluation.backends import CompiledRule, RuleSet, durable
from engine.language.conditions import TRUE

first, last = int(sys.argv[1]), int(sys.argv[2])
durable._serials = itertools.count(first)
ruleset = RuleSet("collision-probe", (CompiledRule("always", "slot", TRUE),))
try:
    fired = durable.DurableBackend().evaluate(ruleset, "slot", [{} for _ in range(last - first + 1)])
    print(json.dumps([sorted(one) for one in fired]))
except Exception as error:
    print(json.dumps(f"{type(error).__name__}: {error}"))
"""


@pytest.mark.skipif(durable_problem() is not None, reason=f"durable-rules cannot run here: {durable_problem()}")
def test_facts_that_durable_rules_would_key_alike_are_each_evaluated(tmp_path: Path) -> None:
    """A batch holding both colliding facts: every fact fires the rule, no error, no crash."""
    first, last = COLLIDING_SERIALS
    child = subprocess.run([sys.executable, "-c", COLLISION_CHILD, str(first), str(last)], capture_output=True,
                           text=True, cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.returncode == 0, f"exit {child.returncode}: {child.stderr[-2000:]}"
    assert json.loads(child.stdout) == [["always"]] * (last - first + 1)
