"""Profiles: reading, discovery, inheritance and the checks beyond the schema.

Data flows one way: a file is read (:mod:`engine.language.yaml_source`), checked against the
schema (:mod:`engine.language.schema`), parsed into a :class:`ProfileFile`, and resolved with
its ancestors into an immutable :class:`Profile` whose rules are compiled conditions.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import Diagnostic, ProfileError, Suggestions, UnknownProfileError, did_you_mean
from .language.conditions import TRUE, Expr, alternatives, compile_condition, facts_of, without_not
from .language.schema import SLUG, check_document
from .language.yaml_source import Document, YamlError, load_file
from .resources import bundled_profiles_dir
from .vocabulary import CHANNELS, EFFECTS, FACTS, SETTINGS_DEFAULTS, WEEKDAYS

__all__ = [
    "ENTRY_POINT_GROUP",
    "Catalog",
    "Profile",
    "ProfileFile",
    "Rule",
    "Settings",
    "Source",
    "default_catalog",
]

ENTRY_POINT_GROUP = "followup_etiquette.profiles"
ENTRY_POINT_ORIGIN = "entry point "
ROOT = "core"
# durable-rules fires at most 64 rules for one fact (one is the adapter's catch-all), and
# builds one path per alternative of a condition.
MAX_RULES_PER_SCOPE = 63
MAX_ALTERNATIVES = 1024
# Profiles in one chain of ``extends``, the profile and `core` included (bundled: 3).
MAX_CHAIN = 16
# Profile ids named in a message listing the known ones.
MAX_LISTED_IDS = 20
PROFILE_SUFFIXES = (".yaml", ".yml")
_SLUG = re.compile(SLUG.removeprefix("^").removesuffix("$"))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; times are minutes after midnight, weekdays 0-6 from Monday."""

    business_start: int
    business_end: int
    business_days: frozenset[int]
    horizon_days: int
    promise_grace_days: int
    slot_minutes: int
    sequence: tuple[str, ...]
    default_channel: str
    best_slots: int

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Settings:
        hours = raw["business_hours"]
        return cls(
            business_start=_minutes(hours["start"]),
            business_end=_minutes(hours["end"]),
            business_days=frozenset(WEEKDAYS.index(day) for day in raw["business_days"]),
            horizon_days=int(raw["horizon_days"]),
            promise_grace_days=int(raw["promise_grace_days"]),
            slot_minutes=int(raw["slot_minutes"]),
            sequence=tuple(raw["sequence"]),
            default_channel=str(raw["default_channel"]),
            best_slots=int(raw["best_slots"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "business_hours": {"start": _hhmm(self.business_start), "end": _hhmm(self.business_end)},
            "business_days": [WEEKDAYS[day] for day in sorted(self.business_days)],
            "horizon_days": self.horizon_days,
            "promise_grace_days": self.promise_grace_days,
            "slot_minutes": self.slot_minutes,
            "sequence": list(self.sequence),
            "default_channel": self.default_channel,
            "best_slots": self.best_slots,
        }


@dataclass(frozen=True)
class Rule:
    """A rule as it applies in a resolved profile."""

    id: str
    profile: str
    effect: str
    value: Any
    why: str
    sources: tuple[str, ...]
    condition: Expr
    when: Any = field(compare=False)
    invariant: bool = False
    priority: int = 0
    depth: int = 0  # 0 = the profile asked for, 1 = its parent, ...
    file: str = ""
    line: int = 0

    @property
    def scope(self) -> str:
        return EFFECTS[self.effect].scope

    @property
    def direction(self) -> str:
        """Which way the rule pushes: decides (a channel or no contact), forbids, favours, disfavours."""
        return EFFECTS[self.effect].direction(self.value)

    def effect_text(self) -> str:
        return EFFECTS[self.effect].text(self.value)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "profile": self.profile}
        if self.invariant:
            data["invariant"] = True
        if self.priority:
            data["priority"] = self.priority
        if self.when is not None:
            data["when"] = self.when
        data["then"] = {self.effect: self.value}
        data["why"] = self.why
        data["source"] = list(self.sources)
        return data


@dataclass(frozen=True)
class RuleDecl:
    """A rule entry as written in one file: a rule, or the removal of a parent's."""

    raw: Mapping[str, Any]
    index: int

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def removes(self) -> bool:
        return bool(self.raw.get("remove"))


@dataclass(frozen=True)
class ProfileFile:
    """One profile file after reading and the schema check."""

    document: Document
    origin: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def parent(self) -> str | None:
        if self.id == ROOT:
            return None
        return str(self.data.get("extends", ROOT))

    @property
    def rules(self) -> list[RuleDecl]:
        return [RuleDecl(raw, index) for index, raw in enumerate(self.data.get("rules", []))]

    def diagnostic(self, path: tuple[str | int, ...], code: str, message: str, **kw: Any) -> Diagnostic:
        return self.document.diagnostic(path, code, message, **kw)


@dataclass(frozen=True)
class Profile:
    """A resolved profile: its chain, merged settings, rules and sources."""

    id: str
    name: str
    version: int
    evidence: str
    description: str
    chain: tuple[str, ...]
    settings: Settings
    rules: tuple[Rule, ...]
    sources: Mapping[str, Source]
    examples: tuple[Mapping[str, Any], ...]
    file: str
    origin: str
    warnings: tuple[Diagnostic, ...] = ()

    @cached_property
    def digest(self) -> str:
        """Identifies the profile's content: its chain, settings and rules."""
        payload = json.dumps(
            [self.chain, self.settings.to_dict(), [rule.to_dict() for rule in self.rules]],
            sort_keys=True, default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "evidence": self.evidence,
            "chain": list(self.chain),
            "file": self.file,
            "settings": self.settings.to_dict(),
            "rules": [rule.to_dict() for rule in self.rules],
            "sources": {key: {"title": s.title, **({"url": s.url} if s.url else {})}
                        for key, s in sorted(self.sources.items())},
        }


def _minutes(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:5])


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- reading -----------------------------------------------------------------------


def read_profile(path: Path, origin: str, *, name: str | None = None) -> tuple[ProfileFile | None, list[Diagnostic]]:
    """Read and check one file on its own: the parsed file (if usable) and its problems."""
    entry = _Entry(path, origin, name or str(path))
    try:
        entry.document = load_file(path, name=entry.shown)
    except YamlError as error:
        return None, [error.diagnostic]
    _check_entry(entry)
    return entry.profile, entry.problems


def _file_checks(profile: ProfileFile) -> list[Diagnostic]:
    """Checks that need only the file itself."""
    found: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for decl in profile.rules:
        if decl.id in seen:
            line = profile.document.where(("rules", seen[decl.id], "id"))[0]
            found.append(profile.diagnostic(("rules", decl.index, "id"), "R304",
                                            f"duplicate rule id {decl.id!r} (first at line {line})"))
        else:
            seen[decl.id] = decl.index
        if decl.removes:
            continue
        if decl.raw.get("invariant") and profile.id != ROOT:
            found.append(profile.diagnostic(
                ("rules", decl.index, "invariant"), "R311",
                f"only the {ROOT!r} profile declares invariants; they rank before every other preference"))
        effect = next(iter(decl.raw["then"]))
        condition = compile_condition(decl.raw.get("when"))
        size = alternatives(condition)
        if size > MAX_ALTERNATIVES:
            found.append(profile.diagnostic(
                ("rules", decl.index, "when"), "R312",
                f"condition too complex for the rule engine: {size} alternatives (at most {MAX_ALTERNATIVES}); "
                "split the rule"))
        if EFFECTS[effect].scope == "step":
            slot_facts = sorted(name for name in facts_of(condition) if FACTS[name].scope == "slot")
            if slot_facts:
                found.append(profile.diagnostic(
                    ("rules", decl.index, "when"), "R309",
                    f"a {effect} rule applies to a whole step and cannot test slot facts: {', '.join(slot_facts)}"))
    if profile.id == ROOT and "extends" in profile.data:
        found.append(profile.diagnostic(("extends",), "I405", f"{ROOT!r} is the root profile and extends nothing"))
    return found


def _profile_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.iterdir() if path.suffix in PROFILE_SUFFIXES and path.is_file())


# --- discovery and resolution ------------------------------------------------------


@dataclass
class _Entry:
    """One profile file as the catalog knows it: read at once, checked when needed."""

    path: Path
    origin: str
    shown: str
    document: Document | None = None
    raw_id: str | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    checked: bool = False
    profile: ProfileFile | None = None


def _check_entry(entry: _Entry) -> None:
    """Run the schema and file-level checks of an entry once; keep the file if it passes.

    The entry is marked checked only once its problems and profile are set: a caller
    that sees ``checked`` sees the whole result. (A catalog calls this under its lock.)
    """
    if entry.checked:
        return
    document = entry.document
    assert document is not None
    problems: list[Diagnostic] = []
    profile: ProfileFile | None = None
    if not isinstance(document.data, dict):
        got = "an empty file" if document.data is None else type(document.data).__name__
        problems.append(document.diagnostic((), "S201", f"a profile is a mapping of keys, got {got}"))
    else:
        problems.extend(check_document(document))
        if not problems:
            profile = ProfileFile(document, entry.origin, document.data)
            problems.extend(_file_checks(profile))
    entry.problems.extend(problems)
    entry.profile = profile if not entry.problems else None
    entry.checked = True


class Catalog:
    """Every profile the engine can see, by id, and their resolution.

    Sources, lowest precedence first: the bundled profiles, entry points, each
    directory in ``dirs`` in order (the environment variable, then ``--profiles``),
    then ``files``. A later source may shadow an id of an earlier one, except that a
    profile pack (entry point) may not shadow a bundled profile (I409), and a folder
    that does gets a warning (I410, in :attr:`warnings`); the same id twice within one
    source is an error. A source that cannot be used at all (a folder that cannot be
    listed, a named file that is not a regular file, a failed entry point) is in
    :attr:`source_problems`. Files are read (YAML only) when the catalog is made; the
    schema and semantic checks run for a file when one of its profiles is first needed,
    so one broken file never costs or blocks the others.

    A catalog may be shared by threads: the lazy checks and resolutions run under one
    lock, so the first use from many threads at once gives each the profile a lone
    call gets, and only a problem of the files themselves is remembered as a failure.
    """

    def __init__(
        self,
        dirs: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        entry_points: bool = True,
        files: Iterable[str | os.PathLike[str]] = (),
    ) -> None:
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
        self._failed: dict[str, list[Diagnostic]] = {}
        self._merges: dict[tuple[int, ...], tuple[Profile, list[Diagnostic]]] = {}
        self._ids: tuple[str, ...] | None = None
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
                assert entry.document is not None
                if entry.raw_id == ROOT and ROOT in self._entries:
                    entry.problems.append(entry.document.diagnostic(
                        ("id",), "I408", f"{ROOT!r} is defined once, by {self._entries[ROOT][0].shown}; "
                        "its invariants cannot be replaced"))
                    continue
                shadowed = bundled_entries.get(entry.raw_id)
                if shadowed is not None and origin.startswith(ENTRY_POINT_ORIGIN):
                    entry.problems.append(entry.document.diagnostic(
                        ("id",), "I409", f"a profile pack cannot replace the bundled profile {entry.raw_id!r} "
                        f"({shadowed.shown}); give this one an id of its own"))
                    continue
                if shadowed is not None:
                    warning = replace(entry.document.diagnostic(
                        ("id",), "I410", f"replaces the bundled profile {entry.raw_id!r} ({shadowed.shown}) for every "
                        "profile that extends it"), severity="warning")
                    entry.warnings.append(warning)
                    self._warnings.append(warning)
                if origin == "bundled":
                    bundled_entries[entry.raw_id] = entry
                first = in_layer.get(entry.raw_id)
                if first is not None:
                    assert entry.document is not None
                    entry.problems.append(entry.document.diagnostic(
                        ("id",), "I403", f"profile id {entry.raw_id!r} is also defined in {first.shown}"))
                    continue
                in_layer[entry.raw_id] = entry
                self._entries.setdefault(entry.raw_id, []).append(entry)

    def _read(self, path: Path, origin: str) -> _Entry:
        entry = _Entry(path, origin, shown_path(path))
        self._by_shown.setdefault(entry.shown, []).append(entry)
        try:
            entry.document = load_file(path, name=entry.shown)
        except YamlError as error:
            entry.problems, entry.checked = [error.diagnostic], True
            return entry
        data = entry.document.data
        if isinstance(data, dict) and isinstance(data.get("id"), str) and _SLUG.fullmatch(data["id"]):
            entry.raw_id = data["id"]
        else:
            _check_entry(entry)  # it cannot be used; the checks say why
        return entry

    def _listed(self, directory: Path) -> list[Path]:
        """The profile files of a folder; a folder that cannot be listed is a source problem."""
        try:
            return _profile_files(directory)
        except OSError as error:
            shown = shown_path(directory)
            problem = Diagnostic(shown, 0, 0, "Y100", f"cannot read folder: {error.strerror or error}")
            self._source_problems.append(problem)
            self._by_shown.setdefault(shown, []).append(_Entry(directory, str(directory), shown, problems=[problem],
                                                               checked=True))
            return []

    def _entry_point_layers(self) -> list[tuple[str, list[Path]]]:
        from importlib import metadata  # imported here: scanning installed packages is slow to start

        layers: list[tuple[str, list[Path]]] = []
        for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            origin = f"{ENTRY_POINT_ORIGIN}{entry.name}"
            try:
                target = entry.load()
                directory = Path(target() if callable(target) else target)
                layers.append((origin, _profile_files(directory)))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a broken plug-in must not break the engine, even by sys.exit()
                problem = Diagnostic(origin, 0, 0, "I406", f"entry point {entry.value!r} failed: "
                                                           f"{type(error).__name__}: {error}")
                self._source_problems.append(problem)
                self._by_shown.setdefault(origin, []).append(_Entry(Path(), origin, origin, problems=[problem],
                                                                    checked=True))
        return layers

    @property
    def ids(self) -> list[str]:
        """The visible profile ids, sorted (sorted once: they are fixed when the catalog is made)."""
        if self._ids is None:
            self._ids = tuple(sorted(self._entries))
        return list(self._ids)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Warnings about the profiles in sight: a folder's profile shadowing a bundled one (I410)."""
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
        return [key for key, entries in sorted(self._entries.items()) if entries[-1].shown in wanted]

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
                    f"({' -> '.join(p.id for p in chain[:3])} -> ... -> {chain[-1].id} -> {wanted})")]
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
                    child.file, *child.document.where(("extends",) if "extends" in child.data else ("id",)),
                    "I407", f"parent profile {wanted!r} in {latest.shown} has problems; "
                    f"checked against the one in {found.file} instead", "extends", severity="warning"))
            if found in chain:
                cycle = " -> ".join([p.id for p in chain] + [found.id])
                return chain, [*problems, chain[0].diagnostic(("extends",), "I402", f"extends forms a cycle: {cycle}")]
            chain.append(found)
            wanted = found.parent
        return chain, problems

    def resolve(self, profile_id: str) -> Profile:
        """The resolved profile; raises :class:`ProfileError` with every problem found."""
        found = self._resolved.get(profile_id)
        if found is not None:
            return found
        with self._lock:
            return self._resolve_locked(profile_id)

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
                errors = self._merged(chain[start:])[1]
                if errors:
                    break
        if not errors:
            profile, errors = self._merged(chain)
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
            found = self._merges[key] = _resolve(chain)
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


def _resolve(chain: Sequence[ProfileFile]) -> tuple[Profile, list[Diagnostic]]:
    """Merge a chain (nearest first) into a profile, checking what the merge reveals."""
    problems: list[Diagnostic] = []
    suggest = Suggestions()
    settings: dict[str, Any] = dict(SETTINGS_DEFAULTS)
    sources: dict[str, Source] = {}
    rules: dict[str, Rule] = {}
    for depth, layer in reversed(list(enumerate(chain))):
        settings.update(layer.data.get("settings", {}))
        for key, raw in layer.data.get("sources", {}).items():
            sources[key] = Source(key, raw["title"], raw.get("url"), raw.get("note"))
        for decl in layer.rules:
            earlier = rules.get(decl.id)
            if earlier is not None and earlier.invariant:
                verb = "remove" if decl.removes else "override"
                problems.append(layer.diagnostic(
                    ("rules", decl.index, "id"), "R305",
                    f"cannot {verb} invariant rule {decl.id!r} of profile {earlier.profile!r}"))
                continue
            if decl.removes:
                if earlier is None:
                    problems.append(layer.diagnostic(
                        ("rules", decl.index, "id"), "R308",
                        f"removes rule {decl.id!r}, which no parent defines",
                        suggestion=suggest(decl.id, rules)))
                else:
                    del rules[decl.id]
                continue
            raw = decl.raw
            effect, value = next(iter(raw["then"].items()))
            cited = raw["source"] if isinstance(raw["source"], list) else [raw["source"]]
            for index, key in enumerate(cited):
                if key not in sources:
                    path = ("rules", decl.index, "source") + ((index,) if isinstance(raw["source"], list) else ())
                    problems.append(layer.diagnostic(path, "R310", f"unknown source {key!r}",
                                                     suggestion=suggest(key, sources)))
            line = layer.document.where(("rules", decl.index))[0]
            rules[decl.id] = Rule(
                id=decl.id, profile=layer.id, effect=effect, value=value, why=str(raw["why"]),
                sources=tuple(cited), condition=compile_condition(raw.get("when")), when=raw.get("when"),
                invariant=bool(raw.get("invariant", False)), priority=int(raw.get("priority", 0)),
                depth=depth, file=layer.file, line=line,
            )
    head = chain[0]
    problems += _settings_checks(head, chain, settings)
    for scope in ("step", "slot"):
        count = sum(1 for rule in rules.values() if rule.scope == scope)
        if count > MAX_RULES_PER_SCOPE:
            problems.append(head.diagnostic(
                ("rules",) if "rules" in head.data else ("id",), "R312",
                f"{count} {scope} rules with its ancestors' (at most {MAX_RULES_PER_SCOPE}: the rule engine fires "
                "at most that many for one fact)"))
    resolved_settings = Settings.from_mapping(settings)
    if not problems:
        for rule in rules.values():
            # An invariant guards descendants, whose settings may reach slots its own profile lacks.
            if rule.depth == 0 and not rule.invariant and never_fires(rule.condition, resolved_settings):
                problems.append(head.diagnostic(
                    ("rules", _rule_index(head, rule.id), "when"), "R306",
                    f"rule {rule.id!r} can never fire: its condition cannot hold within this profile's slots"))
    ordered = tuple(sorted(rules.values(), key=lambda r: (r.depth, r.id)))
    profile = Profile(
        id=head.id,
        name=str(head.data["name"]),
        version=int(head.data.get("version", 1)),
        evidence=str(head.data.get("evidence", next((p.data["evidence"] for p in chain if "evidence" in p.data), "thin"))),
        description=" ".join(str(head.data.get("description", "")).split()),
        chain=tuple(layer.id for layer in chain),
        settings=resolved_settings,
        rules=ordered,
        sources=sources,
        examples=tuple(head.data.get("examples", [])),
        file=head.file,
        origin=head.origin,
    )
    return profile, problems


def _rule_index(profile: ProfileFile, rule_id: str) -> int:
    return next(decl.index for decl in profile.rules if decl.id == rule_id)


def _settings_checks(head: ProfileFile, chain: Sequence[ProfileFile], settings: Mapping[str, Any]) -> list[Diagnostic]:
    """Contradictions in the merged settings, reported where the head profile sets them."""

    def where(*keys: str) -> tuple[str | int, ...]:
        for layer in chain:
            if keys[0] in layer.data.get("settings", {}):
                if layer is head:
                    return ("settings", *keys)
                break
        return ("settings",) if "settings" in head.data else ("id",)

    found: list[Diagnostic] = []
    start, end = (_minutes(settings["business_hours"][key]) for key in ("start", "end"))
    if end <= start:
        found.append(head.diagnostic(where("business_hours", "end"), "R307",
                                     f"business hours end ({_hhmm(end)}) before they start ({_hhmm(start)})"))
    elif end - start < int(settings["slot_minutes"]):
        found.append(head.diagnostic(where("slot_minutes"), "R307",
                                     "business hours are shorter than one slot"))
    elif (end - start) % int(settings["slot_minutes"]):
        found.append(head.diagnostic(where("slot_minutes"), "R307",
                                     f"business hours ({end - start} min) are not a whole number of "
                                     f"{settings['slot_minutes']}-minute slots"))
    if settings["default_channel"] not in CHANNELS:  # pragma: no cover - the schema forbids it
        found.append(head.diagnostic(where("default_channel"), "R307", "default channel must be call or email"))
    return found


# --- the never-fires check ---------------------------------------------------------

_DNF_LIMIT = 4096


def never_fires(condition: Expr, settings: Settings) -> bool:
    """True when no slot of a profile with these settings can satisfy ``condition``."""
    if condition == TRUE:
        return False
    conjunctions = _dnf(without_not(condition))
    if conjunctions is None:
        return False
    return not any(_satisfiable(conj, settings) for conj in conjunctions)


def _dnf(expr: Expr) -> list[list[Expr]] | None:
    kind = expr[0]
    if kind == "atom":
        return [[expr]]
    if kind == "true":
        return [[]]
    if kind == "any":
        out: list[list[Expr]] = []
        for part in expr[1]:
            sub = _dnf(part)
            if sub is None:
                return None
            out.extend(sub)
            if len(out) > _DNF_LIMIT:
                return None
        return out
    result: list[list[Expr]] = [[]]
    for part in expr[1]:
        sub = _dnf(part)
        if sub is None:
            return None
        result = [left + right for left, right in itertools.product(result, sub)]
        if len(result) > _DNF_LIMIT:
            return None
    return result


def _domain(fact: str, settings: Settings) -> tuple[int, int] | frozenset[Any]:
    spec = FACTS[fact]
    if spec.kind == "bool":
        return frozenset((True, False))
    if spec.kind == "enum":
        return frozenset(spec.choices)
    if spec.kind == "weekday":
        return (0, 6)
    if spec.bounds is not None:
        return spec.bounds(settings)
    return (0, 23 * 60 + 59)  # a time of day


def _satisfiable(atoms: Sequence[Expr], settings: Settings) -> bool:
    by_fact: dict[str, list[Expr]] = {}
    for atom in atoms:
        by_fact.setdefault(atom[1], []).append(atom)
    for fact, tests in by_fact.items():
        domain = _domain(fact, settings)
        if isinstance(domain, frozenset):
            values = {v for v in domain if all(_holds(t[2], v, t[3]) for t in tests)}
            if not values:
                return False
            continue
        low, high = domain
        excluded: set[int] = set()
        for _, _, op, value in tests:
            if op == "eq":
                low, high = max(low, value), min(high, value)
            elif op == "ne":
                excluded.add(value)
            elif op == "lt":
                high = min(high, value - 1)
            elif op == "le":
                high = min(high, value)
            elif op == "gt":
                low = max(low, value + 1)
            else:
                low = max(low, value)
        if high < low or (high - low + 1) <= len({v for v in excluded if low <= v <= high}):
            return False
    return True


def _holds(op: str, left: Any, right: Any) -> bool:
    return bool(left == right) if op == "eq" else bool(left != right)


_DEFAULT: Catalog | None = None
_DEFAULT_LOCK = threading.Lock()


def default_catalog() -> Catalog:
    """The bundled profiles plus entry-point packs, read once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Catalog()
    return _DEFAULT
