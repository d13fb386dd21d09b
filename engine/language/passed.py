"""Profile documents that passed the schema check, remembered between processes.

Checking a profile against its JSON Schema means importing ``jsonschema`` and walking
the document: most of what a cold ``followup advise`` spends after its own imports. A
document that passed is remembered by a digest of its data, the shipped profile schema
and the code that applies it; the same data under the same schema passes again, so a later
process skips the check. A file edited in place has another digest and is checked.
Only passes are remembered: a problem is found and reported afresh every time.

The folder is ``$FOLLOWUP_CACHE_DIR``, else ``$XDG_CACHE_HOME/followup-etiquette``, else
``~/.cache/followup-etiquette`` (``%LOCALAPPDATA%`` on Windows), with one empty file per
digest under ``schema-passed/``. ``FOLLOWUP_CACHE_DIR`` set to an empty string or to
``off`` turns remembering off. A folder that cannot be made or written is no error:
the check then simply runs every time. The folder must be writable only by its owner,
as any cache of a user's is: a digest planted there skips the schema check of a
document with that exact data.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from ..errors import Diagnostic
from ..resources import schema_path
from . import schema
from .schema import check_document
from .yaml_source import Document

__all__ = ["ENV_CACHE", "cache_dir", "check_remembered"]

ENV_CACHE = "FOLLOWUP_CACHE_DIR"
FOLDER = "schema-passed"


def cache_dir() -> Path | None:
    """Where passes are remembered, or None when remembering is off."""
    given = os.environ.get(ENV_CACHE)
    if given is not None:
        return None if given.strip() in ("", "off") else Path(given) / FOLDER
    base = os.environ.get("LOCALAPPDATA" if os.name == "nt" else "XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative (which the XDG specification says to ignore)
        try:
            base = str(Path.home() / ("AppData/Local" if os.name == "nt" else ".cache"))
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "followup-etiquette" / FOLDER


@cache
def _salt() -> bytes | None:
    """What a pass depends on besides the document: the shipped schema, and the code that applies it.

    None where that code cannot be read as a file (a frozen or zipped installation): then
    nothing is remembered.
    """
    try:
        return hashlib.sha256(schema_path("profile").read_bytes() + b"\0" + Path(schema.__file__).read_bytes()).digest()
    except (OSError, TypeError):
        return None


def _digest(document: Document) -> str | None:
    salt = _salt()
    if salt is None:
        return None
    try:
        # repr tells 1, 1.0, True and "1" apart, as the schema does; a key order or a set
        # spelled differently gives another digest, which only costs a check.
        text = repr(document.data)
    except (RecursionError, ValueError):  # data too deep to spell (or a number too long): check it
        return None
    return hashlib.sha256(salt + text.encode("utf-8", "surrogatepass")).hexdigest()


def check_remembered(document: Document) -> list[Diagnostic]:
    """:func:`check_document`, skipped for data that passed before under the same schema."""
    folder = cache_dir()
    digest = _digest(document) if folder is not None else None
    if folder is None or digest is None:
        return check_document(document)
    marker = folder / digest
    try:
        if marker.is_file():
            return []
    except OSError:
        pass
    problems = check_document(document)
    if not problems:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            marker.touch()
        except OSError:
            pass  # read-only home, full disk...: the check runs again next time
    return problems
