"""The applications an agenda plans: rows of a tracker's CSV export or spreadsheet, or lines of JSON Lines.

A CSV file (comma, semicolon or tab between cells, as the header row shows) or an .xlsx
workbook (its first sheet, read by :mod:`.agenda_xlsx`) has a header row whose columns
are named like the situation's fields (whatever the case and separators: ``Promised
reply by`` is ``promised_reply_by``); other columns are ignored with one warning. An
empty cell is an absent field; flags read ``true/false``, ``yes/no`` or ``1/0``;
``contacts`` is ``DATETIME CHANNEL`` pairs separated by ``;``. Cells are read as
spreadsheets write them: a space between date and time (``2026-11-20 14:00``) and an
industry in capitals (``IT``) are accepted. JSON Lines are read by :mod:`.batch`. Each
row becomes a situation or an error naming its row and field, so one bad row never
hides the others.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...evaluation.situation import FIELDS
from .agenda_xlsx import XLSX_MAGIC, xlsx_table
from .batch import BadLine, decode_line, read_lines
from .common import fail

__all__ = ["MAX_AGENDA_BYTES", "Row", "read_rows"]

# An agenda file is read whole: ten thousand rows are a few megabytes.
MAX_AGENDA_BYTES = 64 * 1024 * 1024
FLAGS = ("heard_back", "traditional", "first_choice")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0"}
DELIMITERS = (",", ";", "\t")
# A spreadsheet's date-time: a space where ISO 8601 has a T (``2026-11-20 14:00[:00]``).
_SPACED_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)\b")


@dataclass(frozen=True)
class Row:
    """One application: its row (CSV, the header being row 1) or line number, and its situation or error."""

    number: int
    situation: dict[str, Any] = field(default_factory=dict)
    field: str = ""
    error: str = ""


def read_rows(path: str) -> tuple[list[Row], list[str]]:
    """Every row of the file, and warnings (unknown columns)."""
    if path == "-":
        head = sys.stdin.buffer.read(MAX_AGENDA_BYTES + 1)
    else:
        try:
            with open(path, "rb") as raw:
                head = raw.read(MAX_AGENDA_BYTES + 1)
        except OSError as error:
            fail(f"{path}: cannot read: {error.strerror or error}")
    if len(head) > MAX_AGENDA_BYTES:
        fail(f"{path}: larger than {MAX_AGENDA_BYTES} bytes; split it")
    if path.endswith((".jsonl", ".ndjson")) or (not path.endswith(".csv") and head.lstrip().startswith(b"{")):
        return list(_json_rows(head)), []
    if path.endswith(".xlsx") or head.startswith(XLSX_MAGIC):
        header, cells = xlsx_table(path, head)
        return _table_rows(path, header, cells)
    return _csv_rows(path, head)


def _json_rows(data: bytes) -> Iterator[Row]:
    for number, line in read_lines(io.BytesIO(data)):
        if line is not None and not line.strip():
            continue
        try:
            yield Row(number, decode_line(line))
        except BadLine as error:
            yield Row(number, error=str(error))


def _squeezed(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.lower())


_BY_SQUEEZED = {_squeezed(name): name for name in FIELDS}


def column_name(header: str) -> str:
    """A header cell as a field name, whatever its case and separators: ``Promised reply by``,
    ``promised-reply-by`` -> ``promised_reply_by``, ``Time zone`` -> ``timezone``; unknown ones as written."""
    squeezed = _squeezed(header)
    return _BY_SQUEEZED.get(squeezed, header.strip())


def _csv_rows(path: str, data: bytes) -> tuple[list[Row], list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        fail(f"{path}:{line}: not UTF-8 text (save the CSV as UTF-8)")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        fail(f"{path}:1: {error}")
    if not header:
        fail(f"{path}: empty: a CSV agenda starts with a header row")

    def cells() -> Iterator[tuple[int, list[str] | str]]:
        number = 1
        while True:
            number += 1
            try:
                yield number, next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield number, f"unreadable CSV: {error}"

    return _table_rows(path, header, cells())


def delimiter(text: str) -> str:
    """What separates a CSV file's cells: the comma, semicolon or tab its header row has most of
    (a spreadsheet saves with a semicolon where the comma is the decimal sign); a comma on a tie."""
    header = text.split("\n", 1)[0]
    counts = {mark: header.count(mark) for mark in DELIMITERS}
    return max(DELIMITERS, key=lambda mark: counts[mark])


def _table_rows(path: str, header: list[str], cells: Iterable[tuple[int, list[str] | str]]) -> tuple[list[Row], list[str]]:
    """The rows under ``header``: each numbered, as its cells or why it could not be read."""
    names = [column_name(cell) for cell in header]
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        fail(f"{path}:1: column {repeated[0]!r} appears twice")
    if "interview" not in names:
        fail(f"{path}:1: no 'interview' column (columns are named like the situation's fields: interview, "
             "timezone, industry, country, company, role...)")
    unknown = [cell.strip() for cell, name in zip(header, names, strict=True) if name not in FIELDS and name]
    warnings = [f"{path}: ignoring unknown columns: {', '.join(unknown)}"] if unknown else []
    rows: list[Row] = []
    for number, found in cells:
        if isinstance(found, str):
            rows.append(Row(number, error=found))
        elif any(cell.strip() for cell in found):
            rows.append(_csv_row(number, names, found))
    return rows, warnings


def _csv_row(number: int, names: list[str], cells: list[str]) -> Row:
    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names):]):
        return Row(number, error=f"{len(cells)} cells, but the header has {len(names)} columns")
    situation: dict[str, Any] = {}
    for name, cell in zip(names, cells, strict=False):
        value = cell.strip()
        if name not in FIELDS or not value:
            continue
        if name in FLAGS:
            if value.lower() not in _TRUE | _FALSE:
                return Row(number, field=name, error=f"expected true or false (yes/no, 1/0), got {value!r}")
            situation[name] = value.lower() in _TRUE
        elif name == "contacts":
            try:
                situation[name] = _contacts(_SPACED_DATETIME.sub(r"\1T\2", value))
            except ValueError as error:
                return Row(number, field=name, error=str(error))
        elif name == "interview":
            situation[name] = _SPACED_DATETIME.sub(r"\1T\2", value)
        elif name == "industry":
            situation[name] = value.lower()  # profile ids are lower case; a tracker may write IT
        else:
            situation[name] = value
    return Row(number, situation)


def _contacts(text: str) -> list[dict[str, str]]:
    """``2026-11-20T10:00 email; 2026-11-24T10:00 call`` as the situation's list of contacts."""
    found = []
    for item in text.split(";"):
        parts = item.split()
        if not parts:
            continue
        if len(parts) > 2:
            raise ValueError(f"expected 'DATETIME CHANNEL' pairs separated by ';', got {item.strip()!r}")
        found.append({"at": parts[0], "channel": parts[1] if len(parts) == 2 else "email"})
    return found
