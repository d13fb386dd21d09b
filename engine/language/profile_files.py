"""One profile file: is it a profile, its entry in a catalog, its checks, the path shown for it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic
from ..vocabulary import PROFILE_FORMAT
from .checks import file_checks, source_url_warnings
from .model import ProfileFile
from .passed import PassCache, check_remembered
from .schema_parts import SLUG
from .yaml_source import Document, YamlError, load_bytes, load_file

__all__ = ["ENTRY_POINT_GROUP", "ENTRY_POINT_ORIGIN", "PROFILE_SUFFIXES", "SLUG_TEXT", "Entry",
           "check_entry", "document_of", "is_profile_file", "profile_files", "read_profile",
           "shown_path"]

ENTRY_POINT_GROUP = "followup_etiquette.profiles"
ENTRY_POINT_ORIGIN = "entry point "
PROFILE_SUFFIXES = (".yaml", ".yml")
SLUG_TEXT = re.compile(SLUG.removeprefix("^").removesuffix("$"))
# What makes a YAML file a profile, read from its text (even a profile too broken to parse):
# the profile schema's modeline, or a top-level `rules:` or `extends:` key.
_PROFILE_MARK = re.compile(
    rb"^(?:#\s*yaml-language-server:\s*\$schema=\S*profile[\w.-]*\.json"
    rb"|[\"']?(?:rules|extends)[\"']?[ \t]*:)",
    re.MULTILINE)


# How much of a file is read to tell (a profile is refused past 1 MB anyway).
_SNIFF_BYTES = 1 << 20


def is_profile_file(path: Path) -> bool:
    """Whether a file is a profile by its content, whatever its folder: the profile schema's
    modeline (``# yaml-language-server: $schema=.../profile.schema.json``) or a top-level
    ``rules:`` or ``extends:``. A file that cannot be read counts as one, so that reading it
    says what is wrong."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True
    return _PROFILE_MARK.search(head.removeprefix(b"\xef\xbb\xbf")) is not None


def read_profile(path: Path, origin: str, *, name: str
                 | None = None) -> tuple[ProfileFile | None, list[Diagnostic]]:
    """Read and check one file on its own: the parsed file (if usable) and its problems."""
    entry = Entry(path, origin, name or str(path))
    try:
        entry.document = load_file(path, name=entry.shown)
    except YamlError as error:
        return None, [error.diagnostic]
    check_entry(entry)
    return entry.profile, entry.problems


def profile_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.iterdir() if path.suffix in PROFILE_SUFFIXES
                  and path.is_file())


@dataclass
class Entry:
    """One profile file as the catalog knows it: read at once, checked when needed."""

    path: Path
    origin: str
    shown: str
    document: Document | None = None
    raw_id: str | None = None
    raw_country: str | None = None  # the ``country`` of a country overlay, as written
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    checked: bool = False
    profile: ProfileFile | None = None
    cache: PassCache | None = None  # where schema passes are remembered, if anywhere
    raw: bytes | None = None  # the bytes of a file whose id was remembered, until it is parsed


def document_of(entry: Entry) -> Document | None:
    """The entry's document, parsed now if only its bytes were read (its id was remembered)."""
    if entry.document is None and entry.raw is not None:
        raw, entry.raw = entry.raw, None
        try:
            entry.document = load_bytes(raw, entry.shown)
        except YamlError as error:  # not for bytes that were read before; kept for safety
            entry.problems, entry.checked = [error.diagnostic], True
    return entry.document


def _newer_format(document: Document) -> Diagnostic | None:
    """S204, at the ``format`` key, when the profile
    declares a format newer than this engine reads."""
    assert isinstance(document.data, dict)
    declared = document.data.get("format")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared > PROFILE_FORMAT:
        return document.diagnostic(("format",), "S204",
                                   f"format: {declared} is newer than this version of "
                                   f"followup-etiquette reads (format {PROFILE_FORMAT}); upgrade "
                                   "it (pip install -U followup-etiquette) to use this profile")
    return None


def check_entry(entry: Entry) -> None:
    """Run the schema and file-level checks of an entry once; keep the file if it passes.

    The entry is marked checked only once its problems and profile are set: a caller
    that sees ``checked`` sees the whole result. (A catalog calls this under its lock.)
    """
    if entry.checked:
        return
    document = document_of(entry)
    if entry.checked:
        return
    assert document is not None
    problems: list[Diagnostic] = []
    profile: ProfileFile | None = None
    if not isinstance(document.data, dict):
        got = "an empty file" if document.data is None else type(document.data).__name__
        problems.append(document.diagnostic((), "S201",
                                            f"a profile is a mapping of keys, got {got}"))
    elif (newer := _newer_format(document)) is not None:
        # its other keys may mean what this engine cannot read: not checked further
        problems.append(newer)
    else:
        entry.warnings.extend(source_url_warnings(document))
        problems.extend(check_remembered(document, entry.cache))
        if not problems:
            profile = ProfileFile(document, entry.origin, document.data)
            problems.extend(file_checks(profile))
    entry.problems.extend(problems)
    entry.profile = profile if not entry.problems else None
    entry.checked = True


def shown_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
