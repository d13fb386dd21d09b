"""JSON Lines in, JSON Lines out: one plan or one error record per line, in input order.

No line can stop the run; the exit code is 2 when any line had an error. Reading a
single situation document (JSON or YAML) for ``advise --input`` is here too.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import click

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...errors import shown as quoted
from ...language.catalog import Catalog
from ...language.yaml_source import Limits, YamlError, load_bytes
from ...situation import text_field
from .common import fail
from .output import write_file

__all__ = ["MAX_INPUT", "BadLine", "Planner", "advise_many", "decode_line", "encoded", "input_name",
           "is_object", "open_input", "plan_line", "read_document", "read_lines", "with_defaults"]


MAX_INPUT = Limits().max_bytes  # one situation, or one line of JSON Lines
# Numbered lines in, (output bytes, lines, lines with errors) out, in input order.
Planner = Callable[[Iterator[tuple[int, bytes | None]]], Iterator[tuple[bytes, int, int]]]


def input_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def open_input(path: str, option: str | None = "--input") -> BinaryIO:
    """The file (or standard input, ``-``) as bytes; a file that cannot be read ends the command,
    naming the ``option`` it was given with, or only the file where it is an argument."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        cause = error.strerror or error
        fail(f"{option}: cannot read {path}: {cause}" if option
             else f"{path}: cannot read: {cause}")


def read_lines(raw: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, each at most MAX_INPUT bytes; a longer one comes as None, skipped."""
    number = 0
    while True:
        line = raw.readline(MAX_INPUT + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_INPUT and not line.endswith(b"\n"):
            while True:
                more = raw.readline(MAX_INPUT)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def read_document(data: bytes, name: str) -> dict[str, Any]:
    shown = input_name(name)
    try:
        document = load_bytes(data, shown)
    except YamlError as error:
        fail(str(error.diagnostic))
    if not isinstance(document.data, dict):
        fail(f"{shown}: a situation is a mapping (JSON object)")
    return dict(document.data)


def with_defaults(situation: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """A situation read from input, its missing (or null) fields taken from the command's flags."""
    merged = dict(situation)
    for key, value in defaults.items():
        if merged.get(key) is None:
            merged[key] = value
    return merged


def advise_many(lines: Iterator[tuple[int, bytes | None]], given: dict[str, Any], now: str | None,
                 catalog: Catalog, output: str | None, backend: str, name: str,
                 planner: Planner | None = None) -> int:
    """Plan every line here, or with ``planner`` (several
    processes: :mod:`.parallel`), the same bytes."""
    counts = {"ok": 0, "bad": 0}
    total = None
    if name != "-" and sys.stderr.isatty():
        with open(name, "rb") as handle:
            total = sum(1 for line in handle if line.strip())

    def records() -> Iterator[bytes]:
        bar: Any
        # A bar needs a length: shown for a file read on a terminal, not for a pipe.
        with click.progressbar(length=total or 0, label="advise", file=sys.stderr,
                               hidden=total is None) as bar:
            content = ((number, line) for number, line in lines if line is None or line.strip())
            if planner is not None:
                for data, count, bad in planner(content):
                    counts["ok"] += count - bad
                    counts["bad"] += bad
                    yield data
                    bar.update(count)
                return
            for number, line in content:
                yield encoded(plan_line(number, line, given, now, catalog, backend, counts))
                bar.update(1)

    if output is None or output == "-":
        for record in records():
            sys.stdout.buffer.write(record)
        sys.stdout.flush()
    else:
        write_file(output, records())
    if counts["bad"]:
        bad, total = counts["bad"], counts["ok"] + counts["bad"]
        click.echo(f"followup: {bad} of {total} {'line' if total == 1 else 'lines'} "
                   f"had {'an error' if bad == 1 else 'errors'}", err=True)
        return 2
    return 0


def encoded(record: dict[str, Any]) -> bytes:
    """A plan or error record as one line of JSON Lines."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode()
    except UnicodeEncodeError:  # lone surrogates from JSON escapes: keep them escaped
        return (json.dumps(record) + "\n").encode()


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (as the
    YAML reader does; JSON would keep the last)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _bad(counts: dict[str, int], number: int, field: str, message: str, *, ref: str | None = None,
         suggestion: str | None = None) -> dict[str, Any]:
    counts["bad"] += 1
    error: dict[str, Any] = {"field": field, "message": message}
    if suggestion:
        error["message"] += f" (did you mean {suggestion!r}?)"
        error["suggestion"] = suggestion
    head = {"line": number} if ref is None else {"line": number, "ref": ref}
    return head | {"error": error}


def _ref(value: dict[str, Any]) -> str | None:
    """A line's ``ref`` as its plan would echo it, so that an error record can be matched too."""
    try:
        return text_field(value, "ref")
    except SituationError:  # the line's error record says what is wrong with it
        return None


def _json_problem(error: json.JSONDecodeError) -> str:
    """The decoder's complaint placed in the line (its
    own line and column count the line's text)."""
    return f"invalid JSON at column {error.pos + 1}: {error.msg}"


class BadLine(ValueError):
    """A line of JSON Lines that holds no situation object; the message says why."""


def decode_line(line: bytes | None) -> dict[str, Any]:
    """The JSON object of one line (from :func:`read_lines`),
    or :class:`BadLine` saying what is wrong."""
    if line is None:
        raise BadLine(f"line longer than {MAX_INPUT} bytes")
    try:
        value = json.loads(line.decode("utf-8"), object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        raise BadLine("not UTF-8 text") from None
    except RecursionError:
        raise BadLine("invalid JSON: nested too deeply") from None
    except _DuplicateKey as error:
        raise BadLine(f"duplicate key {quoted(error.key)}; each field once") from None
    except json.JSONDecodeError as error:
        raise BadLine(_json_problem(error)) from None
    except ValueError as error:  # a number too long to read
        raise BadLine(f"invalid JSON: {error}") from None
    if not isinstance(value, dict):
        raise BadLine("each line must be a JSON object")
    return value


def plan_line(number: int, line: bytes | None, given: dict[str, Any], now: str | None,
              catalog: Catalog, backend: str, counts: dict[str, int]) -> dict[str, Any]:
    """The plan of one line, or an error record; no line can stop the run."""
    try:
        value = decode_line(line)
    except BadLine as error:
        return _bad(counts, number, "", str(error))
    ref = _ref(value)
    try:
        plan = advise(with_defaults(value, given), now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        return _bad(counts, number, error.field, error.message, ref=ref,
                    suggestion=error.suggestion)
    except ProfileError as error:
        return _bad(counts, number, "industry", str(error), ref=ref)
    except FollowupError as error:
        return _bad(counts, number, "", str(error), ref=ref)
    counts["ok"] += 1
    return plan.to_dict()
