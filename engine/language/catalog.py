"""Where profiles come from, and the catalog that reads, checks and resolves them.

Sources, lowest precedence first: the bundled profiles, profile packs (entry points), folders (the
environment variable, then ``--profiles``), then named files. Files are read when the catalog is
made (with a cache that remembers the id of a file's bytes, such a file is parsed only when one of
its profiles is needed); each file's checks (:mod:`.schema`, :mod:`.checks`) run when one of its
profiles is first needed, and resolution (:mod:`.inheritance`) is cached per chain. A catalog may be
shared by threads from its first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..caches import held
from ..errors import Diagnostic, ProfileError, UnknownProfileError, did_you_mean
from .inheritance import resolve_chain
from .model import ROOT, Profile, ProfileFile
from .passed import PassCache
from .profile_files import (
    ENTRY_POINT_GROUP,
    PROFILE_SUFFIXES,
    check_entry,
    is_profile_file,
    read_profile,
    shown_path,
)
from .sources import Sources
from .yaml_source import Document

__all__ = ["ENTRY_POINT_GROUP", "PROFILE_SUFFIXES", "Catalog", "default_catalog", "is_profile_file",
           "read_profile", "shown_path"]

# Profiles in one chain of ``extends``, the profile and `core` included (bundled: 3).
MAX_CHAIN = 16
# Profile ids named in a message listing the known ones.
MAX_LISTED_IDS = 20


class Catalog(Sources):
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
        self._resolved: dict[str, Profile] = {}
        # Per (industry, country, subdivision): the profile with the country's overlays
        # in its chain.
        self._overlaid: dict[tuple[str, str | None, str | None], Profile] = {}
        self._failed: dict[str, list[Diagnostic]] = {}
        self._merges: dict[tuple[int, ...], tuple[Profile, list[Diagnostic]]] = {}
        self._ids: tuple[str, ...] | None = None
        self._overlays: dict[str, str] | None = None
        self._apply_overlays = overlays
        self._lock = threading.RLock()
        super().__init__(dirs, bundled=bundled, entry_points=entry_points, files=files, cache=cache)

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
                check_entry(entry)
                found.extend(entry.problems)
                found.extend(entry.warnings)
        return found

    def unreadable_named(self, profile_id: str) -> list[Diagnostic]:
        """The problems of the files named ``<profile_id>.yaml`` (or ``.yml``) whose id could
        not be read (a file that is not YAML, or not a mapping): asked for by that id, such a
        file is the profile the user meant, and its problems say what to fix."""
        found: list[Diagnostic] = []
        with self._lock:
            for entries in self._by_shown.values():
                for entry in entries:
                    if entry.raw_id is None and entry.path.stem == profile_id and entry.problems:
                        found.extend(entry.problems)
        return found

    def unusable(self, shown: str) -> list[Document]:
        """The documents of a file that failed its own checks, so are never resolved, but may
        still have parts to check (the sources its rules cite, its examples)."""
        found: list[Document] = []
        with self._lock:
            for entry in self._by_shown.get(shown, []):
                check_entry(entry)
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
                check_entry(entry)
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
            check_entry(latest)
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
        keeps the asked profile's id, name (in every language), description, evidence and
        examples.
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
        return replace(profile, id=plain.id, name=plain.name, names=plain.names,
                       version=plain.version, evidence=plain.evidence,
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
