"""Where the bundled profiles and schemas are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_profiles_dir", "schema_path"]

_HERE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel carries them inside the package; a source checkout has them at the top.
    inside = _HERE / "_bundled" / name
    return inside if inside.is_dir() else _HERE.parent / name


def bundled_profiles_dir() -> Path:
    return _data_dir("profiles")


def schema_path(name: str) -> Path:
    return _data_dir("schemas") / f"{name}.schema.json"
