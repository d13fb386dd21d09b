"""Where a catalog's profiles come from: the bundled ones, packs, folders and files, in order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic
from ..resources import bundled_profiles_dir
from .bundled_index import bundled_id
from .model import ROOT
from .passed import PassCache
from .profile_files import (
    ENTRY_POINT_GROUP,
    ENTRY_POINT_ORIGIN,
    SLUG_TEXT,
    Entry,
    check_entry,
    document_of,
    profile_files,
    shown_path,
)
from .yaml_source import Document, YamlError, load_bytes, read_file

__all__ = ["Sources"]


class Sources:
    """The profile files of every source, lowest precedence first, read (YAML only) when made.

    :class:`~engine.language.catalog.Catalog` is one: see it for what shadows what, and
    for the problems of a source that cannot be used.
    """

    def __init__(
        self,
        dirs: Iterable[str | os.PathLike[str]],
        *,
        bundled: bool,
        entry_points: bool,
        files: Iterable[str | os.PathLike[str]],
        cache: str | os.PathLike[str] | PassCache | None = None,
    ) -> None:
        self._cache = cache if isinstance(cache, PassCache) or cache is None else PassCache(cache)
        layers: list[tuple[str, list[Path]]] = []
        self._by_shown: dict[str, list[Entry]] = {}
        self._source_problems: list[Diagnostic] = []
        self._warnings: list[Diagnostic] = []
        named: set[Path] = set()  # files named as a source themselves, not found in a folder
        if bundled:
            layers.append(("bundled", profile_files(bundled_profiles_dir())))
        if entry_points:
            layers.extend(self._entry_point_layers())
        for directory in dirs:
            path = Path(directory)
            if path.is_dir():
                layers.append((str(path), self._listed(path)))
            else:
                named.add(path)
                layers.append((str(path), [path]))
        extra = [Path(path) for path in files]
        if extra:
            layers.append(("command line", extra))
        self._entries: dict[str, list[Entry]] = {}  # per id, in order of precedence (last wins)
        read: set[Path] = set()
        bundled_entries: dict[str, Entry] = {}
        for origin, paths in layers:
            in_layer: dict[str, Entry] = {}
            for path in paths:
                real = path.resolve()
                if real in read:
                    continue  # the same file in two places (bundled, and named again): one profile
                read.add(real)
                entry = self._read(path, origin)
                if path in named and any(problem.code == "Y100" for problem in entry.problems):
                    self._source_problems.extend(entry.problems)
                if entry.raw_id is None:
                    continue
                if self._same_as_before(entry, in_layer):
                    continue
                if entry.raw_id == ROOT and ROOT in self._entries:
                    entry.problems.append(self._parsed(entry).diagnostic(
                        ("id",), "I408",
                        f"{ROOT!r} is defined once, by {self._entries[ROOT][0].shown}; its "
                        "invariants cannot be replaced"))
                    continue
                shadowed = bundled_entries.get(entry.raw_id)
                if shadowed is not None and origin.startswith(ENTRY_POINT_ORIGIN):
                    entry.problems.append(self._parsed(entry).diagnostic(
                        ("id",), "I409",
                        f"a profile pack cannot replace the bundled profile {entry.raw_id!r} "
                        f"({shadowed.shown}); give this one an id of its own"))
                    continue
                if shadowed is not None:
                    warning = replace(self._parsed(entry).diagnostic(
                        ("id",), "I410",
                        f"replaces the bundled profile {entry.raw_id!r} ({shadowed.shown}) for "
                        "every profile that extends it"), severity="warning")
                    entry.warnings.append(warning)
                    self._warnings.append(warning)
                if origin == "bundled":
                    bundled_entries[entry.raw_id] = entry
                first = in_layer.get(entry.raw_id)
                if first is not None:
                    entry.problems.append(self._parsed(entry).diagnostic(
                        ("id",), "I403",
                        f"profile id {entry.raw_id!r} is also defined in {first.shown}"))
                    continue
                in_layer[entry.raw_id] = entry
                self._entries.setdefault(entry.raw_id, []).append(entry)
    def _same_as_before(self, entry: Entry, in_layer: dict[str, Entry]) -> bool:
        """Whether an earlier source defines the entry's profile with the same content (a checkout's
        ``profiles/core.yaml`` and the installed copy of it): then both are one profile, known by
        the later path, and neither shadows nor redefines the other."""
        assert entry.raw_id is not None
        earlier = self._entries.get(entry.raw_id)
        if not earlier or entry.raw_id in in_layer:
            return False
        before = document_of(earlier[-1])
        if before is None or before.data != self._parsed(entry).data:
            return False
        earlier[-1] = in_layer[entry.raw_id] = entry
        return True

    @staticmethod
    def _parsed(entry: Entry) -> Document:
        """The document of an entry that has an id (so was read, or its bytes' id remembered)."""
        document = document_of(entry)
        assert document is not None
        return document

    def _read(self, path: Path, origin: str) -> Entry:
        """An entry for one file: its bytes read, and parsed unless the cache remembers their id.

        A file whose bytes the cache saw before is parsed when one of its profiles is first
        needed, or when an id it shares with another file must be told apart; a file read for
        the first time is parsed at once, and its id remembered for the next process.
        """
        entry = Entry(path, origin, shown_path(path), cache=self._cache)
        self._by_shown.setdefault(entry.shown, []).append(entry)
        try:
            raw = read_file(path, name=entry.shown)
            known = self._cache.known_id(raw) if self._cache is not None else None
            if known is None and origin == "bundled":
                known = bundled_id(path, raw)
            if known is not None:
                entry.raw = raw
                entry.raw_id, entry.raw_country = known
                return entry
            entry.document = load_bytes(raw, entry.shown)
        except YamlError as error:
            entry.problems, entry.checked = [error.diagnostic], True
            return entry
        data = entry.document.data
        if (isinstance(data, dict) and isinstance(data.get("id"), str)
            and SLUG_TEXT.fullmatch(data["id"])):
            entry.raw_id = data["id"]
            if isinstance(data.get("country"), str):
                entry.raw_country = data["country"]
            if self._cache is not None:
                self._cache.remember_id(raw, entry.raw_id, entry.raw_country)
        else:
            check_entry(entry)  # it cannot be used; the checks say why
        return entry

    def _listed(self, directory: Path) -> list[Path]:
        """The profile files of a folder; a folder that cannot be listed is a source problem."""
        try:
            return profile_files(directory)
        except OSError as error:
            shown = shown_path(directory)
            problem = Diagnostic(shown, 0, 0, "Y100",
                                 f"cannot read folder: {error.strerror or error}")
            self._source_problems.append(problem)
            self._by_shown.setdefault(shown, []).append(Entry(directory, str(directory), shown,
                                                               problems=[problem], checked=True))
            return []

    def _entry_point_layers(self) -> list[tuple[str, list[Path]]]:
        # imported here: scanning installed packages is slow to start
        from importlib import metadata

        layers: list[tuple[str, list[Path]]] = []
        for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            origin = f"{ENTRY_POINT_ORIGIN}{entry.name}"
            try:
                target = entry.load()
                directory = Path(target() if callable(target) else target)
                layers.append((origin, profile_files(directory)))
            except KeyboardInterrupt:
                raise
            # a broken plug-in must not break the engine, even by sys.exit()
            except BaseException as error:
                problem = Diagnostic(origin, 0, 0, "I406", f"entry point {entry.value!r} failed: "
                                                           f"{type(error).__name__}: {error}")
                self._source_problems.append(problem)
                self._by_shown.setdefault(origin, []).append(Entry(Path(), origin, origin,
                                                                    problems=[problem],
                                                                    checked=True))
        return layers
