"""Where profiles come from, and the catalog that reads, checks and resolves them.

Sources, lowest precedence first: the bundled profiles, profile packs (entry points),
folders (the environment variable, then ``--profiles``), then named files. Files are
read when the catalog is made (with a cache that remembers the id of a file's bytes,
such a file is parsed only when one of its profiles is needed); each file's checks (:mod:`.schema`,
:mod:`.checks`) run
when one of its profiles is first needed, and resolution (:mod:`.inheritance`) is
cached per chain. A catalog may be shared by threads from its first use.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..caches import held
from ..errors import Diagnostic, ProfileError, UnknownProfileError, did_you_mean
from ..resources import bundled_profiles_dir
from ..vocabulary import PROFILE_FORMAT
from .checks import file_checks, source_url_warnings
from .inheritance import resolve_chain
from .model import ROOT, Profile, ProfileFile
from .passed import PassCache, check_remembered
from .schema_parts import SLUG
from .yaml_source import Document, YamlError, load_bytes, load_file, read_file

__all__ = ["ENTRY_POINT_GROUP", "PROFILE_SUFFIXES", "Catalog", "default_catalog", "is_profile_file",
           "read_profile", "shown_path"]

ENTRY_POINT_GROUP = "followup_etiquette.profiles"
ENTRY_POINT_ORIGIN = "entry point "
# Profiles in one chain of ``extends``, the profile and `core` included (bundled: 3).
MAX_CHAIN = 16
# Profile ids named in a message listing the known ones.
MAX_LISTED_IDS = 20
PROFILE_SUFFIXES = (".yaml", ".yml")
_SLUG = re.compile(SLUG.removeprefix("^").removesuffix("$"))
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
    entry = _Entry(path, origin, name or str(path))
    try:
        entry.document = load_file(path, name=entry.shown)
    except YamlError as error:
        return None, [error.diagnostic]
    _check_entry(entry)
    return entry.profile, entry.problems


def _profile_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.iterdir() if path.suffix in PROFILE_SUFFIXES
                  and path.is_file())


@dataclass
class _Entry:
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


def _document(entry: _Entry) -> Document | None:
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


def _check_entry(entry: _Entry) -> None:
    """Run the schema and file-level checks of an entry once; keep the file if it passes.

    The entry is marked checked only once its problems and profile are set: a caller
    that sees ``checked`` sees the whole result. (A catalog calls this under its lock.)
    """
    if entry.checked:
        return
    document = _document(entry)
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


class Catalog:
    """Every profile the engine can see, by id, and their resolution.

    Sources, lowest precedence first: the bundled profiles, entry points, each
    directory in ``dirs`` in order (the environment variable, then ``--profiles``),
    then ``files``. With ``overlays=False`` the country overlays are never applied (plans
    follow the industry's chain alone, whatever the country). A later source may shadow an id of an
    earlier one, except that a
    profile pack (entry point) may not shadow a bundled profile (I409), and a folder
    that does gets a warning (I410, in :attr:`warnings`); the same id twice within one
    source is an error. A file whose content is that of an earlier source's file of the
    same id (a checkout's profiles/ beside the installed copy) is the same profile, not a
    second one. A source that cannot be used at all (a folder that cannot be
    listed, a named file that is not a regular file, a failed entry point) is in
    :attr:`source_problems`. Files are read (YAML only) when the catalog is made (a file
    whose bytes' id the ``cache`` remembers is parsed only when needed); the
    schema and semantic checks run for a file when one of its profiles is first needed,
    so one broken file never costs or blocks the others.

    A catalog may be shared by threads: the lazy checks and resolutions run under one
    lock, so the first use from many threads at once gives each the profile a lone
    call gets, and only a problem of the files themselves is remembered as a failure.

    ``cache`` is a folder (or a :class:`~engine.language.passed.PassCache`) where schema
    passes, and the id each file's bytes were read to, are remembered between processes;
    without it, nothing is written anywhere.
    """

    def __init__(
        self,
        dirs: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        entry_points: bool = True,
        files: Iterable[str | os.PathLike[str]] = (),
        cache: str | os.PathLike[str] | PassCache | None = None,
        overlays: bool = True,
    ) -> None:
        self._cache = cache if isinstance(cache, PassCache) or cache is None else PassCache(cache)
        layers: list[tuple[str, list[Path]]] = []
        self._by_shown: dict[str, list[_Entry]] = {}
        self._source_problems: list[Diagnostic] = []
        self._warnings: list[Diagnostic] = []
        named: set[Path] = set()  # files named as a source themselves, not found in a folder
        if bundled:
            layers.append(("bundled", _profile_files(bundled_profiles_dir())))
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
        self._entries: dict[str, list[_Entry]] = {}  # per id, in order of precedence (last wins)
        self._resolved: dict[str, Profile] = {}
        # Per (industry, country, subdivision): the
        # profile with the country's overlays in its chain.
        self._overlaid: dict[tuple[str, str | None, str | None], Profile] = {}
        self._failed: dict[str, list[Diagnostic]] = {}
        self._merges: dict[tuple[int, ...], tuple[Profile, list[Diagnostic]]] = {}
        self._ids: tuple[str, ...] | None = None
        self._overlays: dict[str, str] | None = None
        self._apply_overlays = overlays
        self._lock = threading.RLock()
        read: set[Path] = set()
        bundled_entries: dict[str, _Entry] = {}
        for origin, paths in layers:
            in_layer: dict[str, _Entry] = {}
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

    def _same_as_before(self, entry: _Entry, in_layer: dict[str, _Entry]) -> bool:
        """Whether an earlier source defines the entry's profile with the same content (a checkout's
        ``profiles/core.yaml`` and the installed copy of it): then both are one profile, known by
        the
        later path, and neither shadows nor redefines the other."""
        assert entry.raw_id is not None
        earlier = self._entries.get(entry.raw_id)
        if not earlier or entry.raw_id in in_layer:
            return False
        before = _document(earlier[-1])
        if before is None or before.data != self._parsed(entry).data:
            return False
        earlier[-1] = in_layer[entry.raw_id] = entry
        return True

    @staticmethod
    def _parsed(entry: _Entry) -> Document:
        """The document of an entry that has an id (so was read, or its bytes' id remembered)."""
        document = _document(entry)
        assert document is not None
        return document

    def _read(self, path: Path, origin: str) -> _Entry:
        """An entry for one file: its bytes read, and parsed unless the cache remembers their id.

        A file whose bytes the cache saw before is parsed when one of its profiles is first
        needed, or when an id it shares with another file must be told apart; a file read for
        the first time is parsed at once, and its id remembered for the next process.
        """
        entry = _Entry(path, origin, shown_path(path), cache=self._cache)
        self._by_shown.setdefault(entry.shown, []).append(entry)
        try:
            raw = read_file(path, name=entry.shown)
            known = self._cache.known_id(raw) if self._cache is not None else None
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
            and _SLUG.fullmatch(data["id"])):
            entry.raw_id = data["id"]
            if isinstance(data.get("country"), str):
                entry.raw_country = data["country"]
            if self._cache is not None:
                self._cache.remember_id(raw, entry.raw_id, entry.raw_country)
        else:
            _check_entry(entry)  # it cannot be used; the checks say why
        return entry

    def _listed(self, directory: Path) -> list[Path]:
        """The profile files of a folder; a folder that cannot be listed is a source problem."""
        try:
            return _profile_files(directory)
        except OSError as error:
            shown = shown_path(directory)
            problem = Diagnostic(shown, 0, 0, "Y100",
                                 f"cannot read folder: {error.strerror or error}")
            self._source_problems.append(problem)
            self._by_shown.setdefault(shown, []).append(_Entry(directory, str(directory), shown,
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
                layers.append((origin, _profile_files(directory)))
            except KeyboardInterrupt:
                raise
            # a broken plug-in must not break the engine, even by sys.exit()
            except BaseException as error:
                problem = Diagnostic(origin, 0, 0, "I406", f"entry point {entry.value!r} failed: "
                                                           f"{type(error).__name__}: {error}")
                self._source_problems.append(problem)
                self._by_shown.setdefault(origin, []).append(_Entry(Path(), origin, origin,
                                                                    problems=[problem],
                                                                    checked=True))
        return layers

    @property
    def ids(self) -> list[str]:
        """The visible profile ids, sorted (sorted once:
        they are fixed when the catalog is made)."""
        if self._ids is None:
            self._ids = tuple(sorted(self._entries))
        return list(self._ids)

    @property
    def industries(self) -> list[str]:
        """The ids a situation's ``industry`` is offered: every visible profile but the root,
        ``core``, which every profile extends and nobody picks (it is still accepted), and the
        country overlays, which the situation's country chooses."""
        return [key for key in self.ids if key != ROOT and key not in self.overlays]

    @property
    def accepted_industries(self) -> list[str]:
        """The ids a situation's ``industry`` may name: the offered ones and ``core``."""
        return [key for key in self.ids if key not in self.overlays]

    @property
    def overlays(self) -> Mapping[str, str]:
        """The country overlays in sight: id -> country (``DE``, ``ES-CT``), as their files say."""
        if self._overlays is None:
            self._overlays = {key: country for key, entries in sorted(self._entries.items())
                              if (country := entries[-1].raw_country) is not None}
        return self._overlays

    def overlays_for(self, country: str | None, subdivision: str | None = None) -> list[str]:
        """The ids of the overlays that apply to a country (and subdivision): the country's own,
        then those of the subdivision, each group by id."""
        if country is None or not self._apply_overlays:
            return []
        found = self.overlays
        whole = [key for key, value in found.items() if value == country]
        region = [key for key, value in found.items() if subdivision and value
                  == f"{country}-{subdivision}"]
        return whole + region

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Warnings about the profiles in sight: a folder's
        profile shadowing a bundled one (I410)."""
        return tuple(self._warnings)

    @property
    def source_problems(self) -> tuple[Diagnostic, ...]:
        """Sources that could not be used at all: an unreadable folder or named file (Y100), a
        profile pack whose entry point failed (I406)."""
        return tuple(self._source_problems)

    @property
    def problems(self) -> dict[str, list[Diagnostic]]:
        """Problems of every file in sight, by file name (every file gets checked)."""
        return {shown: self.problems_of(shown) for shown in self.shown_files}

    @property
    def shown_files(self) -> list[str]:
        """Every file in sight, by the name diagnostics give it."""
        return sorted(self._by_shown)

    def problems_of(self, shown: str) -> list[Diagnostic]:
        """Reading, schema and file-level problems of one file, by its shown name."""
        found: list[Diagnostic] = []
        with self._lock:
            for entry in self._by_shown.get(shown, []):
                _check_entry(entry)
                found.extend(entry.problems)
                found.extend(entry.warnings)
        return found

    def unusable(self, shown: str) -> list[Document]:
        """The documents of a file that failed its own checks, so are never resolved, but may
        still have parts to check (the sources its rules cite, its examples)."""
        found: list[Document] = []
        with self._lock:
            for entry in self._by_shown.get(shown, []):
                _check_entry(entry)
                if (entry.profile is None and entry.document is not None
                    and isinstance(entry.document.data, dict)):
                    found.append(entry.document)
        return found

    def shown_of(self, profile_id: str) -> str | None:
        """The name diagnostics give the file that defines ``profile_id`` last (usable or not)."""
        with self._lock:
            entries = self._entries.get(profile_id, [])
            return entries[-1].shown if entries else None

    def file_of(self, profile_id: str) -> ProfileFile | None:
        """The checked file of a visible profile id: the last usable definition, if any."""
        with self._lock:
            for entry in reversed(self._entries.get(profile_id, [])):
                _check_entry(entry)
                if entry.profile is not None:
                    return entry.profile
        return None

    def files(self) -> list[ProfileFile]:
        return [found for key in self.ids if (found := self.file_of(key)) is not None]

    def ids_in(self, shown_files: Iterable[str]) -> list[str]:
        """Ids of the visible profiles defined in the given files."""
        wanted = set(shown_files)
        return [key for key, entries in sorted(self._entries.items())
                if entries[-1].shown in wanted]

    def chain(self, profile_id: str) -> tuple[list[ProfileFile], list[Diagnostic]]:
        """The profile and its ancestors, nearest first, with inheritance problems.

        An ancestor whose latest definition has problems is taken from the source it
        shadows, if one defines it; a warning (I407) says so, so one broken file never
        hides the problems of the others.
        """
        with self._lock:
            return self._chain_locked(profile_id)

    def _chain_locked(self, profile_id: str) -> tuple[list[ProfileFile], list[Diagnostic]]:
        chain: list[ProfileFile] = []
        problems: list[Diagnostic] = []
        wanted: str | None = profile_id
        while wanted is not None:
            if len(chain) == MAX_CHAIN:
                head = chain[0]
                where = ("extends",) if "extends" in head.data else ("id",)
                return chain, [*problems, head.diagnostic(
                    where, "I411", f"the chain of extends is longer than {MAX_CHAIN} profiles "
                    f"({' -> '.join(p.id for p in chain[:3])} -> ... -> {chain[-1].id} -> "
                    f"{wanted})")]
            entries = self._entries.get(wanted)
            if not entries:
                current = chain[-1]
                where = ("extends",) if "extends" in current.data else ("id",)
                others = [key for key in self.ids if key not in {p.id for p in chain}]
                listed = ", ".join(others[:MAX_LISTED_IDS])
                if len(others) > MAX_LISTED_IDS:
                    listed += f" and {len(others) - MAX_LISTED_IDS} more"
                problems.append(current.diagnostic(
                    where, "I401", f"unknown parent profile {wanted!r}; known: {listed}",
                    suggestion=did_you_mean(wanted, others)))
                return chain, problems
            latest = entries[-1]
            _check_entry(latest)
            found = latest.profile
            if found is None:
                found = self.file_of(wanted) if chain else None
                if found is None:
                    return chain, problems + list(latest.problems)
                child = chain[-1]
                problems.append(Diagnostic(
                    child.file,
                    *child.document.where(("extends",) if "extends" in child.data else ("id",)),
                    "I407", f"parent profile {wanted!r} in {latest.shown} has problems; "
                    f"checked against the one in {found.file} instead", "extends",
                    severity="warning"))
            if found in chain:
                cycle = " -> ".join([p.id for p in chain] + [found.id])
                return chain, [*problems,
                               chain[0].diagnostic(("extends",), "I402",
                                                   f"extends forms a cycle: {cycle}")]
            chain.append(found)
            wanted = found.parent
        return chain, problems

    def resolve(self, profile_id: str, country: str | None = None, subdivision: str
                | None = None) -> Profile:
        """The resolved profile; raises :class:`ProfileError` with every problem found.

        With a ``country``, the country's overlays join the chain (:meth:`_with_overlays`);
        the result is cached per (profile, country, subdivision).
        """
        if country is None:
            found = self._resolved.get(profile_id)
            if found is not None:
                return found
            with self._lock:
                return self._resolve_locked(profile_id)
        key = (profile_id, country, subdivision)
        found = self._overlaid.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._overlaid.get(key)
            if found is None:
                found = self._overlaid[key] = self._with_overlays(profile_id, country, subdivision)
            return found

    def _with_overlays(self, profile_id: str, country: str, subdivision: str | None) -> Profile:
        """The profile with the country's overlays in its chain.

        An overlay sits just above (nearer than) the profile it extends, wherever that profile
        is in the chain: an overlay extending ``general`` comes between ``general`` and the
        industry, one extending ``legal`` between ``legal`` and a profile asked for that extends
        it, or first when ``legal`` itself is asked for. An overlay whose parent is not in the
        chain (an industry that extends ``core`` directly) does not apply. The merged profile
        keeps the asked profile's id, name, description, evidence and examples.
        """
        plain = self._resolve_locked(profile_id)
        chain, _ = self._chain_locked(profile_id)
        pending = [key for key in self.overlays_for(country, subdivision) if key != profile_id]
        added = True
        while added and pending:
            added = False
            ids = [layer.id for layer in chain]
            for key in list(pending):
                layer = self.file_of(key)
                if layer is None:
                    self._resolve_locked(key)  # raises with the overlay's problems
                    continue
                if layer.parent in ids:
                    # an overlay with problems of its own is never applied
                    self._resolve_locked(key)
                    chain.insert(ids.index(layer.parent), layer)
                    pending.remove(key)
                    added = True
                    break
        if len(chain) == len(plain.chain):
            return plain
        profile, problems = self._merged(chain)
        # Warnings are the plain profile's too. A removal the overlay made first (both remove
        # general's rule or draft) is no error: the plain chain, resolved above, checked that the
        # profile's removals name a parent's rule or draft.
        errors = [d for d in problems if d.severity != "warning" and d.code not in ("R308", "D605")]
        if errors:
            raise ProfileError(errors)
        return replace(profile, id=plain.id, name=plain.name, version=plain.version,
                       evidence=plain.evidence,
                       description=plain.description, examples=plain.examples, file=plain.file,
                       origin=plain.origin, warnings=plain.warnings)

    def _resolve_locked(self, profile_id: str) -> Profile:
        if profile_id in self._resolved:
            return self._resolved[profile_id]
        if profile_id in self._failed:
            raise ProfileError(self._failed[profile_id])
        if profile_id not in self._entries:
            raise UnknownProfileError(profile_id, tuple(self._entries))
        chain, problems = self._chain_locked(profile_id)
        warnings = [d for d in problems if d.severity == "warning"]
        errors = [d for d in problems if d.severity != "warning"]
        if not errors:
            # Ancestors first, as they were found (a shadowed broken file already replaced).
            for start in range(len(chain) - 1, 0, -1):
                errors = [d for d in self._merged(chain[start:])[1] if d.severity != "warning"]
                if errors:
                    break
        if not errors:
            profile, merge_problems = self._merged(chain)
            errors = [d for d in merge_problems if d.severity != "warning"]
            # old ids of renamed rules (R316)
            warnings += [d for d in merge_problems if d.severity == "warning"]
            if not errors:
                profile = replace(profile, warnings=tuple(sorted(set(warnings))))
                self._resolved[profile_id] = profile
                return profile
        self._failed[profile_id] = errors
        raise ProfileError(errors)

    def _merged(self, chain: Sequence[ProfileFile]) -> tuple[Profile, list[Diagnostic]]:
        key = tuple(id(layer) for layer in chain)
        found = self._merges.get(key)
        if found is None:
            found = self._merges[key] = resolve_chain(chain)
        return found

    def check(self, profile_id: str) -> list[Diagnostic]:
        """Every problem of a profile's resolution, warnings included."""
        try:
            return list(self.resolve(profile_id).warnings)
        except ProfileError as error:
            return list(error.diagnostics)


def shown_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_DEFAULT: Catalog | None = None
_DEFAULT_LOCK = threading.Lock()


def _forget_default() -> None:
    global _DEFAULT
    with _DEFAULT_LOCK:
        _DEFAULT = None


held("language.catalog.default", lambda: int(_DEFAULT is not None), _forget_default)


def default_catalog() -> Catalog:
    """The bundled profiles plus entry-point packs, read once per process."""
    global _DEFAULT
    found = _DEFAULT  # read once: clear_caches() may let it go meanwhile
    if found is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Catalog()
            found = _DEFAULT
    return found
