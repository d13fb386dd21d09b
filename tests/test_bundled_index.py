"""The shipped index of the bundled profiles' ids: up to date, and a catalog parses only what it uses."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
import engine.language.profile_files as profile_files
import engine.language.sources as sources
from engine.language.bundled_index import INDEX_NAME, bundled_id
from engine.resources import bundled_profiles_dir
from engine.tools.profile_index import index_text


def test_the_shipped_index_is_what_the_reader_makes_of_the_bundled_files() -> None:
    directory = bundled_profiles_dir()
    assert (directory / INDEX_NAME).read_text(encoding="utf-8") == index_text(directory), (
        "run python -m engine.tools.profile_index after editing a bundled profile")


def test_a_plan_parses_only_the_profiles_of_its_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    load = sources.load_bytes

    def counted(raw: bytes, name: str) -> object:
        parsed.append(Path(name).name)
        return load(raw, name)

    # Files are parsed when read (sources) or when first needed (profile_files): count both.
    monkeypatch.setattr(sources, "load_bytes", counted)
    monkeypatch.setattr(profile_files, "load_bytes", counted)
    catalog = engine.Catalog()
    situation = {"interview": "2026-11-16T10:00", "timezone": "America/New_York", "industry": "legal",
                 "country": "US"}
    plan = engine.advise(situation, now="2026-11-17T10:00", profiles=catalog)
    assert plan.profile.id == "legal"
    assert sorted(parsed) == ["core.yaml", "general.yaml", "legal.yaml"]
    # A German employer brings in the German overlay, and nothing else.
    engine.advise({**situation, "timezone": "Europe/Berlin", "country": "DE"}, now="2026-11-17T10:00",
                  profiles=catalog)
    assert sorted(parsed) == ["core.yaml", "de.yaml", "general.yaml", "legal.yaml"]
    # Every industry is still offered, read from the index.
    assert {"academia", "it", "sales"} <= set(catalog.industries)


def test_a_bundled_file_whose_bytes_differ_from_the_index_is_read_afresh() -> None:
    path = bundled_profiles_dir() / "legal.yaml"
    raw = path.read_bytes()
    assert bundled_id(path, raw) == ("legal", None)
    assert bundled_id(path, raw + b"\n# edited\n") is None
    assert bundled_id(path.with_name("elsewhere.yaml"), raw) is None
