"""Plans for a table of situations, on pandas or on a Dask cluster (the ``[scale]`` extra).

:func:`advise_frame` takes a pandas or Dask DataFrame whose columns are named like the
situation's fields (``interview``, ``timezone``, ``country``, ``ref``...; a missing value
is a missing field) and returns one row per situation, in the same order and with the
same index, with the columns of :data:`PLAN_COLUMNS` (``contacts`` may be a list or
its JSON text: a Dask DataFrame turns a column of lists into text unless
``dataframe.convert-string`` is off in Dask's configuration):

- ``ref``: the situation's own ``ref``, if it has one;
- ``verdict``: what to do as of ``now`` (``call_now``, ``email_now``, ``wait_until``,
  ``too_late``, ``dont_contact``);
- ``next_action``: the channel of the step the verdict is about (``call``, ``email``, or
  ``none``), and ``next_time``: when to act (``now`` for ``call_now``/``email_now``, the
  time waited for with ``wait_until``), as ISO 8601 text;
- ``move_on_after``: when following up stops making sense;
- ``plan``: the whole plan as JSON text, the bytes of a line of ``followup advise
  --input F.jsonl`` (without its newline);
- ``error``: for a situation that cannot be planned, ``field: message`` (the other
  columns are then empty); no row can stop the others.

With a Dask DataFrame, each partition is planned where it lies, by
``DataFrame.map_partitions``; every worker needs this package (and the profile folders
named in ``profiles``, at the same paths). ``now`` is fixed once, when the call is made,
so that every partition plans as of the same moment.

Nothing here is imported by ``import engine``: pandas and Dask load only with this module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

import pandas as pd

from .api import advise
from .errors import FollowupError, ProfileError, SituationError
from .evaluation.plan import Plan, iso
from .language.catalog import Catalog, default_catalog

__all__ = ["PLAN_COLUMNS", "advise_frame", "advise_rows", "client_for", "plan_json"]

PLAN_COLUMNS = ("ref", "verdict", "next_action", "next_time", "move_on_after", "plan", "error")


def plan_json(data: Mapping[str, Any]) -> str:
    """A plan's JSON text as a JSON Lines output line holds it (UTF-8 where it can be)."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates from JSON escapes: keep them escaped
        text = json.dumps(data)
    return text


@lru_cache(maxsize=16)
def _catalog(folders: tuple[str, ...]) -> Catalog:
    """One catalog per set of profile folders in each process (workers included)."""
    return Catalog(list(folders)) if folders else default_catalog()


def _missing(value: Any) -> bool:
    """A cell that stands for an absent field: None, NaN, pandas' NA or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _field(value: Any) -> Any:
    """A cell as the situation's JSON value: dates and date-times as ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _situation(row: Mapping[str, Any]) -> dict[str, Any]:
    situation = {str(key): _field(value) for key, value in row.items() if not _missing(value)}
    contacts = situation.get("contacts")
    if isinstance(contacts, str):  # a table's column of JSON text (a list has no column type of its own)
        with contextlib.suppress(ValueError):
            situation["contacts"] = json.loads(contacts)
    return situation


def _next(plan: Plan) -> tuple[str, str | None]:
    """The channel of the step the verdict is about, and when to act."""
    verdict = plan.verdict
    if verdict.verdict in ("call_now", "email_now"):
        return verdict.verdict.removesuffix("_now"), iso(verdict.at)
    if verdict.verdict == "wait_until" and verdict.until is not None:
        action = next((step.action for step in plan.steps if step.purpose == verdict.purpose), "none")
        return action, iso(verdict.until)
    return "none", None


def _row(situation: dict[str, Any], now: str, catalog: Catalog, backend: str | None) -> dict[str, Any]:
    ref = situation.get("ref")
    empty: dict[str, Any] = dict.fromkeys(PLAN_COLUMNS)
    try:
        plan = advise(situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        return {**empty, "ref": ref, "error": f"{error.field}: {error.message}" if error.field else error.message}
    except ProfileError as error:
        return {**empty, "ref": ref, "error": f"industry: {error}"}
    except FollowupError as error:
        return {**empty, "ref": ref, "error": str(error)}
    action, moment = _next(plan)
    data = plan.to_dict()
    return {"ref": data.get("ref", ref), "verdict": plan.verdict.verdict, "next_action": action, "next_time": moment,
            "move_on_after": iso(plan.move_on_after), "plan": plan_json(data), "error": None}


def advise_rows(rows: Iterable[Mapping[str, Any]], *, now: str, profiles: tuple[str, ...] = (),
                backend: str | None = None) -> list[dict[str, Any]]:
    """The plan columns for each row (a mapping of situation fields), in order."""
    catalog = _catalog(profiles)
    return [_row(_situation(row), now, catalog, backend) for row in rows]


def _plan_partition(frame: pd.DataFrame, now: str, profiles: tuple[str, ...], backend: str | None) -> pd.DataFrame:
    rows = advise_rows(frame.to_dict("records"), now=now, profiles=profiles, backend=backend)
    # Object columns keep an empty cell as None (a text column would make it NaN).
    return pd.DataFrame({column: pd.Series([row[column] for row in rows], index=frame.index, dtype=object)
                         for column in PLAN_COLUMNS}, index=frame.index)


def _meta() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in PLAN_COLUMNS})


def advise_frame(frame: Any, *, now: datetime | str | None = None,
                 profiles: Iterable[str | os.PathLike[str]] | None = None, backend: str | None = None) -> Any:
    """Plan every row of a pandas or Dask DataFrame of situations: a DataFrame of :data:`PLAN_COLUMNS`.

    ``now`` (default: the current time, taken once) is the moment every row is planned
    as of; ``profiles`` are extra profile folders (default: the bundled profiles only);
    ``backend`` forces an evaluator as :func:`engine.advise` does. A Dask DataFrame gives a
    lazy Dask DataFrame (``.compute()`` it, or write it out).
    """
    moment = now.isoformat() if isinstance(now, datetime) else now
    if moment is None:
        moment = datetime.now(timezone.utc).isoformat()
    folders = tuple(os.fspath(folder) for folder in profiles or ())
    if isinstance(frame, pd.DataFrame):
        return _plan_partition(frame, moment, folders, backend)
    map_partitions = getattr(frame, "map_partitions", None)
    if map_partitions is None:
        raise TypeError(f"advise_frame takes a pandas or Dask DataFrame, not {type(frame).__name__}")
    return map_partitions(_plan_partition, moment, folders, backend, meta=_meta())


def client_for(address: str) -> Any:
    """A Dask client for ``local:N`` (a cluster of N worker processes on this machine) or ``tcp://HOST:PORT``.

    Use it as a context manager; a local cluster closes with it. A ValueError says what is wrong
    with ``address``.
    """
    import distributed  # the scheduler's client loads only when a cluster is asked for

    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"local:N needs a number of workers of 1 or more, got {address!r}")
        cluster = distributed.LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                           silence_logs=logging.CRITICAL,
                                           dashboard_address=None)  # type: ignore[no-untyped-call]
        return distributed.Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
    if address.startswith("tcp://"):
        return distributed.Client(address, set_as_default=False, timeout="30s")  # type: ignore[no-untyped-call]
    raise ValueError(f"expected local:N or tcp://HOST:PORT, got {address!r}")
