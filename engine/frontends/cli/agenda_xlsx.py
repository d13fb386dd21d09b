"""An agenda from an Excel workbook (.xlsx): the first sheet's cells as a CSV export holds them.

A spreadsheet stores dates and times as numbers shown with a format; openpyxl gives them
as ``datetime`` (or ``date``/``time``) values, which are written here as ISO 8601: a
date-time as ``2026-11-20T14:00`` (seconds only when there are some), a date-time at
midnight in a date column as the date alone. Flags stored as booleans read ``true`` or
``false``; whole numbers lose the ``.0`` a float would print. openpyxl comes with the
``xlsx`` extra and is imported only when a workbook is read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time

from .common import fail

__all__ = ["XLSX_MAGIC", "xlsx_table"]

# A workbook is a ZIP archive: its first bytes are a ZIP local file header.
XLSX_MAGIC = b"PK\x03\x04"
# The columns holding dates (squeezed as the header matching squeezes them).
DATE_COLUMNS = frozenset({"promisedreplyby", "competingofferdeadline"})


def xlsx_table(path: str, data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str] | str]]]:
    """The first sheet's header row, and its other rows numbered as the spreadsheet numbers them."""
    try:
        from openpyxl import load_workbook
    except ImportError:
        fail(f"{path}: reading .xlsx needs openpyxl (pip install 'followup-etiquette[xlsx]'), "
             "or save the sheet as CSV")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        fail(f"{path}: not a readable .xlsx workbook ({type(error).__name__}: {error})")
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        fail(f"{path}: the workbook has no sheet")
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or not any(value is not None for value in first):
        fail(f"{path}: empty: the first sheet starts with a header row")
    header = [_text(value) for value in first]
    squeezed = [re.sub(r"[\s_-]+", "", cell.lower()) for cell in header]

    def body() -> Iterator[tuple[int, list[str] | str]]:
        for number, values in enumerate(rows, start=2):
            yield number, [_text(value, date_column=index < len(squeezed)
                                 and squeezed[index] in DATE_COLUMNS)
                           for index, value in enumerate(values)]
        book.close()

    return header, body()


def _text(value: object, *, date_column: bool = False) -> str:
    """A cell as a CSV export would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if date_column and value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
