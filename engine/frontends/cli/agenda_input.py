"""The applications an agenda plans: rows of a tracker's CSV or spreadsheet, or JSON Lines.

A CSV file (comma, semicolon or tab between cells, as the header row shows) or an .xlsx
workbook (its first sheet, read by :mod:`.agenda_xlsx`) has a header row whose columns
are named like the situation's fields (whatever the case and separators: ``Promised
reply by`` is ``promised_reply_by``); other columns are ignored with one warning. An
empty cell is an absent field; flags read ``true/false``, ``yes/no`` or ``1/0``;
``contacts`` is ``DATETIME CHANNEL`` pairs separated by ``;``, each optionally followed by
what it was for (``2026-11-24T10:00 call status``). Cells are read as
spreadsheets write them: a space between date and time (``2026-11-20 14:00``) and an
industry in capitals (``IT``) are accepted. JSON Lines are read by :mod:`.batch`. Each
row becomes a situation or an error naming its row and field, so one bad row never
hides the others.

A CSV or JSON Lines file is read one line at a time, never whole, and a row is one line:
a cell never runs across lines (no field of a situation holds a line break), so a quote
left open spoils its own row only, and rows are numbered as the file's lines are (the
header being line 1). A header has at most :data:`MAX_COLUMNS` columns. A workbook is
read whole (at most :data:`MAX_AGENDA_BYTES`).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ...errors import shown
from ...situation import FIELDS, FLAG_FIELDS
from .agenda_xlsx import XLSX_MAGIC, xlsx_table
from .batch import MAX_INPUT, BadLine, decode_line, open_input, read_lines
from .common import fail

__all__ = ["MAX_AGENDA_BYTES", "MAX_COLUMNS", "Row", "column_name", "count_rows", "delimiter",
           "read_rows"]

MAX_AGENDA_BYTES = 64 * 1024 * 1024  # a workbook, read whole
# A tracker's export has tens of columns; the header is refused beyond this many.
MAX_COLUMNS = 1000
_UNKNOWN_SHOWN = 20  # unknown columns named in the warning
FLAGS = FLAG_FIELDS
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0"}
DELIMITERS = (",", ";", "\t")
# A spreadsheet's date-time: a space where ISO 8601 has a T (``2026-11-20 14:00[:00]``).
_SPACED_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}) "
                              r"([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)\b")
# numbered rows: their cells, or why they cannot be read
Cells = Iterator[tuple[int, "list[str] | str"]]


@dataclass(frozen=True)
class Row:
    """One application: its row (CSV, the header being row
    1) or line number, and its situation or error."""

    number: int
    situation: dict[str, Any] = field(default_factory=dict)
    field: str = ""
    error: str = ""


def read_rows(path: str) -> tuple[Iterator[Row], list[str]]:
    """The rows of the file, read as they are asked for, and warnings (unknown columns).

    The header is read at once: a file that cannot be an agenda stops the command here,
    before anything is planned.
    """
    raw = open_input(path, option=None)
    start = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    if path.endswith(".xlsx") or start.startswith(XLSX_MAGIC):
        data = raw.read(MAX_AGENDA_BYTES + 1)
        _close(raw, path)
        if len(data) > MAX_AGENDA_BYTES:
            fail(f"{path}: larger than {MAX_AGENDA_BYTES} bytes; split it")
        header, cells = xlsx_table(path, data)
        return _table_rows(path, header, cells)
    lines = read_lines(raw)
    head: list[tuple[int, bytes | None]] = []
    for number, line in lines:  # up to the first line with content
        head.append((number, line))
        if line is None or line.strip():
            break
    first = head[-1][1] if head else b""
    rest = itertools.chain(head, lines)
    if _is_json_lines(path, first):
        return _closing(raw, path, _json_rows(rest)), []
    rows, warnings = _csv_rows(path, rest)
    return _closing(raw, path, rows), warnings


def count_rows(path: str) -> int | None:
    """How many rows the file has (lines with content, a CSV's header left out), for a progress bar;
    None for the standard input, a workbook, or a file that cannot be read twice."""
    if path == "-" or path.endswith(".xlsx"):
        return None
    count, content, first = 0, False, b""
    try:
        with open(path, "rb") as handle:
            # a line at a time, however long, in bounded pieces
            while piece := handle.readline(1 << 20):
                if not count and not first and piece.startswith(XLSX_MAGIC):
                    return None
                content = content or bool(piece.strip())
                first = first or (piece if content else b"")
                if piece.endswith(b"\n"):
                    count, content = count + content, False
    except OSError:
        return None
    count += content
    return count if _is_json_lines(path, first) else max(count - 1, 0)


def _is_json_lines(path: str, first: bytes | None) -> bool:
    """JSON Lines by its name, or (unless named .csv) by its first line with content."""
    return path.endswith((".jsonl", ".ndjson")) or (
        not path.endswith(".csv") and first is not None
        and first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"))


def _close(raw: BinaryIO, path: str) -> None:
    if path != "-":
        raw.close()


def _closing(raw: BinaryIO, path: str, rows: Iterator[Row]) -> Iterator[Row]:
    """``rows``, the file closed once they are read (or given up)."""
    try:
        yield from rows
    finally:
        _close(raw, path)


def _json_rows(lines: Iterator[tuple[int, bytes | None]]) -> Iterator[Row]:
    for number, line in lines:
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
    ``promised-reply-by`` -> ``promised_reply_by``, ``Time zone`` -> ``timezone``; unknown ones as
    written."""
    squeezed = _squeezed(header)
    return _BY_SQUEEZED.get(squeezed, header.strip())


def delimiter(text: str) -> str:
    """What separates a CSV file's cells: the comma, semicolon or tab its header row has most of
    (a spreadsheet saves with a semicolon where the comma is the decimal sign); a comma on a tie."""
    header = text.split("\n", 1)[0]
    counts = {mark: header.count(mark) for mark in DELIMITERS}
    return max(DELIMITERS, key=lambda mark: counts[mark])


def _cells(path: str, line: bytes, number: int, mark: str) -> list[str]:
    """The cells of one line of CSV; ValueError saying what is wrong with it.

    A line that is not UTF-8 stops the command: the file was saved in another encoding.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{path}:{number}: not UTF-8 text (save the CSV as UTF-8)")
    if number == 1:
        text = text.removeprefix("\ufeff")
    try:
        return next(csv.reader([text.rstrip("\r\n")], delimiter=mark, strict=True), [])
    except csv.Error as error:
        if "end of data" in str(error):
            raise ValueError("a quote opened in this row is not closed on its line "
                             "(a cell cannot hold a line break)") from None
        raise ValueError(f"unreadable CSV: {error}") from None


def _csv_rows(path: str,
              lines: Iterator[tuple[int, bytes | None]]) -> tuple[Iterator[Row], list[str]]:
    # The header is the first line with content; rows are numbered by line, the header's being 1.
    header_line = next((line for number, line in lines if line is None or line.strip()), b"")
    if header_line is None:
        fail(f"{path}:1: header row longer than {MAX_INPUT} bytes")
    if not header_line.strip():
        fail(f"{path}: empty: a CSV agenda starts with a header row")
    try:
        mark = delimiter(header_line.decode("utf-8"))
    except UnicodeDecodeError:
        fail(f"{path}:1: not UTF-8 text (save the CSV as UTF-8)")
    try:
        header = _cells(path, header_line, 1, mark)
    except ValueError as error:
        fail(f"{path}:1: {error}")

    def cells() -> Cells:
        for number, line in lines:
            if line is None:
                yield number, f"line longer than {MAX_INPUT} bytes"
                continue
            try:
                yield number, _cells(path, line, number, mark)
            except ValueError as error:
                yield number, str(error)

    return _table_rows(path, header, cells())


def _unknown_columns(path: str, cells: list[str], names: list[str]) -> list[str]:
    """The warning naming the columns that are not fields, each shown safely, at most 20 of them."""
    unknown = [cell.strip() for cell, name in zip(cells, names, strict=True) if name not in FIELDS
               and name]
    if not unknown:
        return []
    # A header is text from elsewhere: a name with a control
    # character (a terminal escape) is shown escaped.
    listed = [name if name.isprintable() and len(name) <= 80
              else shown(name) for name in unknown[:_UNKNOWN_SHOWN]]
    more = f" and {len(unknown) - _UNKNOWN_SHOWN} more" if len(unknown) > _UNKNOWN_SHOWN else ""
    return [f"{path}: ignoring unknown columns: {', '.join(listed)}{more}"]


def _table_rows(path: str, header: list[str], cells: Iterable[tuple[int, list[str] | str]]
                ) -> tuple[Iterator[Row], list[str]]:
    """The rows under ``header`` (checked at once), each
    numbered, as its situation or why it could not be read."""
    if len(header) > MAX_COLUMNS:
        fail(f"{path}:1: {len(header)} columns in the header; at most {MAX_COLUMNS}")
    names = [column_name(cell) for cell in header]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1 and name)
    if repeated:
        fail(f"{path}:1: column {shown(repeated[0])} appears twice")
    if "interview" not in names:
        fail(f"{path}:1: no 'interview' column (columns are named like the situation's fields: "
             "interview, timezone, industry, country, company, role...)")

    def rows() -> Iterator[Row]:
        for number, found in cells:
            if isinstance(found, str):
                yield Row(number, error=found)
            elif any(cell.strip() for cell in found):
                yield _csv_row(number, names, found)

    return rows(), _unknown_columns(path, header, names)


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
                return Row(number, field=name,
                           error=f"expected true or false (yes/no, 1/0), got {value!r}")
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
    """``2026-11-20T10:00 email; 2026-11-24T10:00 call status`` as the situation's list of contacts
    (each ``DATETIME [CHANNEL [PURPOSE]]``)."""
    found = []
    for item in text.split(";"):
        parts = item.split()
        if not parts:
            continue
        if len(parts) > 3:
            raise ValueError("expected 'DATETIME CHANNEL [PURPOSE]' separated by ';', got "
                             f"{item.strip()!r}")
        contact = {"at": parts[0], "channel": parts[1] if len(parts) >= 2 else "email"}
        if len(parts) == 3:
            contact["purpose"] = parts[2]
        found.append(contact)
    return found
