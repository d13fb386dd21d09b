"""Plans for a table of situations, on pandas or on a Dask cluster (the ``[scale]`` extra).

:func:`advise_frame` takes a pandas or Dask DataFrame whose columns are named like the
situation's fields (``interview``, ``timezone``, ``country``, ``ref``...; a missing value
is a missing field) and returns one row per situation, in the same order and with the
same index, with the columns of :data:`PLAN_COLUMNS`.

Cells are read as pandas, pyarrow and Dask hand them over, with their default settings:
None, NaN, NaT and pandas' NA are a missing field; a yes-or-no field (``heard_back``,
``traditional``...) may be a boolean, ``1.0``/``0.0`` (what ``pd.read_json`` makes of a
boolean column with gaps) or the text ``true``/``false`` in any case (what Dask's
``dataframe.convert-string`` makes of it); a text field may be a whole number (an id
column read as numbers); ``contacts`` may be a list (or an array of a pyarrow list
column), its JSON text, or the text of a Python list (``repr``, what Dask's string
conversion makes of a column of lists), read as a literal only, never run.

- ``ref``: the situation's own ``ref``, if it has one;
- ``verdict``: what to do as of ``now`` (``call_now``, ``email_now``, ``wait_until``,
  ``too_late``, ``dont_contact``);
- ``next_action``: the channel of the step the verdict is about (``call``, ``email``, or
  ``none``), and ``next_time``: when to act (``now`` for ``call_now``/``email_now``, the
  time waited for with ``wait_until``), as ISO 8601 text;
- ``move_on_after``: when following up stops making sense;
- ``plan``: the whole plan as JSON text, the bytes of a line of ``followup advise
  --input F.jsonl`` (without its newline);
- ``error``: for a situation that cannot be planned, ``field: message`` as the command
  line says it, with its ``(did you mean ...?)`` (the other columns are then empty); no
  row can stop the others;
- ``suggestion``: the value the error suggests instead, where it has one.

With a Dask DataFrame, each partition is planned where it lies, by
``DataFrame.map_partitions``; every worker needs this package (and the profile folders
named in ``profiles``, at the same paths). ``now`` is fixed once, when the call is made,
so that every partition plans as of the same moment.

Nothing here is imported by ``import engine``: pandas and Dask load only with this module.
"""

from __future__ import annotations

import ast
import json
import logging
import math
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from .api import advise
from .caches import memo
from .errors import FollowupError, ProfileError, SituationError
from .language.catalog import Catalog, default_catalog
from .plan import Plan, iso
from .situation_fields import SITUATION_FIELDS
from .vocabulary import CHANNEL_SPECS, NOW_VERDICTS

__all__ = ["PLAN_COLUMNS", "advise_frame", "advise_rows", "client_for", "plan_json"]

PLAN_COLUMNS = ("ref", "verdict", "next_action", "next_time", "move_on_after", "plan", "error",
                "suggestion")
# The longest text of a list of contacts that is parsed (a literal's parser is recursive).
_LIST_TEXT_LIMIT = 100_000
_TRUE = frozenset({"true", "1", "1.0"})
_FALSE = frozenset({"false", "0", "0.0"})


def plan_json(data: Mapping[str, Any]) -> str:
    """A plan's JSON text as a JSON Lines output line holds it (UTF-8 where it can be)."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates from JSON escapes: keep them escaped
        text = json.dumps(data)
    return text


@memo("scale.catalog")
def _catalog(folders: tuple[str, ...]) -> Catalog:
    """One catalog per set of profile folders in each process (workers included)."""
    return Catalog(list(folders)) if folders else default_catalog()


@memo("scale.field_kinds")
def _field_kinds() -> dict[str, str]:
    """Each situation field's JSON type (``boolean``, ``string``, ``array``...), from its schema."""
    kinds: dict[str, str] = {}
    for name, field in SITUATION_FIELDS.items():
        types = field.schema.get("type", ())
        types = [types] if isinstance(types, str) else list(types)
        kinds[name] = next((kind for kind in types if kind != "null"), "")
    return kinds


def _missing(value: Any) -> bool:
    """A cell that stands for an absent field: None, NaN, pandas' NA or NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return bool(getattr(value, "dtype", None) is not None and getattr(value, "ndim", 1) == 0
                and pd.isna(value))


def _scalar(value: Any) -> Any:
    """A NumPy scalar (``numpy.bool_``, ``numpy.float64``...) as the Python value it holds."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()  # .item() of nanoseconds is a bare number
    item = getattr(value, "item", None)
    if item is not None and getattr(value, "ndim", None) == 0:
        return item()
    return value


def _flag(value: Any) -> Any:
    """A yes-or-no cell: a boolean, 1 or 0 (as a number or text), or true/false in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return value  # left for the situation's own check to name


def _text(value: Any) -> Any:
    """A text cell; a whole number (an id column read as numbers, say) as its digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _contact(item: Any) -> Any:
    """One contact; a struct's absent keys (None) are left out, and times are ISO 8601 text."""
    if isinstance(item, Mapping):
        return {str(key): _field(_scalar(value)) for key, value in item.items()
                if not _missing(value)}
    return item


def _contacts(value: Any) -> Any:
    """A list of contacts as a list: from a list, an
    array, its JSON text, or a Python list's text."""
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("[") or len(text) > _LIST_TEXT_LIMIT:
            return value
        try:
            value = json.loads(text)
        except ValueError:
            try:
                value = ast.literal_eval(text)  # literals only: nothing in the text is run
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return text
    elif not isinstance(value, (list, tuple)) and hasattr(value, "tolist"):
        value = value.tolist()  # a pyarrow list column's cell arrives as a NumPy array
    if isinstance(value, (list, tuple)):
        return [_contact(item) for item in value]
    return value


_READERS = {"boolean": _flag, "string": _text, "array": _contacts}


def _field(value: Any) -> Any:
    """A cell as the situation's JSON value: dates and date-times as ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _situation(row: Mapping[str, Any]) -> dict[str, Any]:
    kinds = _field_kinds()
    situation: dict[str, Any] = {}
    for key, cell in row.items():
        if _missing(cell):
            continue
        name = str(key)
        value = _field(_scalar(cell))
        reader = _READERS.get(kinds.get(name, ""))
        situation[name] = value if reader is None else reader(value)
    return situation


def _next(plan: Plan) -> tuple[str, str | None]:
    """The channel of the step the verdict is about, and when to act."""
    verdict = plan.verdict
    if verdict.verdict in NOW_VERDICTS:
        return next(name for name, spec in CHANNEL_SPECS.items() if spec.verdict
                    == verdict.verdict), iso(verdict.at)
    if verdict.verdict == "wait_until" and verdict.until is not None:
        action = next((step.action for step in plan.steps if step.purpose == verdict.purpose),
                      "none")
        return action, iso(verdict.until)
    return "none", None


def _row(situation: dict[str, Any], now: str, catalog: Catalog, backend: str
         | None) -> dict[str, Any]:
    ref = situation.get("ref")
    empty: dict[str, Any] = dict.fromkeys(PLAN_COLUMNS)
    try:
        plan = advise(situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        return {**empty, "ref": ref, "error": str(error), "suggestion": error.suggestion}
    except ProfileError as error:
        return {**empty, "ref": ref, "error": f"industry: {error}"}
    except FollowupError as error:
        return {**empty, "ref": ref, "error": str(error)}
    action, moment = _next(plan)
    data = plan.to_dict()
    return {"ref": data.get("ref", ref), "verdict": plan.verdict.verdict, "next_action": action,
            "next_time": moment,
            "move_on_after": iso(plan.move_on_after), "plan": plan_json(data), "error": None,
            "suggestion": None}


def advise_rows(rows: Iterable[Mapping[str, Any]], *, now: str, profiles: tuple[str, ...] = (),
                backend: str | None = None) -> list[dict[str, Any]]:
    """The plan columns for each row (a mapping of situation fields), in order."""
    catalog = _catalog(profiles)
    return [_row(_situation(row), now, catalog, backend) for row in rows]


def _plan_partition(frame: pd.DataFrame, now: str, profiles: tuple[str, ...], backend: str
                    | None) -> pd.DataFrame:
    rows = advise_rows(frame.to_dict("records"), now=now, profiles=profiles, backend=backend)
    # Object columns keep an empty cell as None (a text column would make it NaN).
    return pd.DataFrame({column: pd.Series([row[column] for row in rows], index=frame.index,
                                           dtype=object)
                         for column in PLAN_COLUMNS}, index=frame.index)


def _meta() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in PLAN_COLUMNS})


def advise_frame(frame: Any, *, now: datetime | str | None = None,
                 profiles: Iterable[str | os.PathLike[str]] | None = None,
                 backend: str | None = None) -> Any:
    """Plan every row of a pandas or Dask DataFrame of situations: a DataFrame of
    :data:`PLAN_COLUMNS`.

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
        raise TypeError(
            f"advise_frame takes a pandas or Dask DataFrame, not {type(frame).__name__}")
    return map_partitions(_plan_partition, moment, folders, backend, meta=_meta())


def client_for(address: str) -> Any:
    """A Dask client for ``local:N`` (a cluster of N worker processes on this machine) or
    ``tcp://HOST:PORT``.

    Use it as a context manager; a local cluster closes with it. A ValueError says what is wrong
    with ``address``.
    """
    import distributed  # the scheduler's client loads only when a cluster is asked for

    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"local:N needs a number of workers of 1 or more, got {address!r}")
        cluster = distributed.LocalCluster(n_workers=int(count), threads_per_worker=1,
                                           processes=True, silence_logs=logging.CRITICAL,
                                           dashboard_address=None)  # type: ignore[no-untyped-call]
        return distributed.Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
    if address.startswith("tcp://"):
        return distributed.Client(address, set_as_default=False,  # type: ignore[no-untyped-call]
                                  timeout="30s")
    raise ValueError(f"expected local:N or tcp://HOST:PORT, got {address!r}")
