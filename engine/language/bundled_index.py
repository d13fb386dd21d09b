"""The bundled profiles' ids, shipped beside them, so that a catalog parses only the files it uses.

``profiles/index.json`` holds, for each bundled file, the SHA-256 of its bytes and the id
and country it reads to. A catalog that finds a bundled file's bytes there takes its id
without parsing it, and parses it when one of its profiles is first needed (as with the
ids a cache remembers); a file whose bytes differ (edited in place) is parsed at once, as
if there were no index. ``python -m engine.tools.profile_index`` writes the index, and a
test holds the shipped one to what the reader makes of the files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..caches import memo
from .yaml_source import YamlError, load_bytes, read_file

__all__ = ["INDEX_NAME", "build_index", "bundled_id"]

INDEX_NAME = "index.json"


@memo("language.bundled_index.read")
def _read(directory: Path) -> dict[str, tuple[str, str, str | None]]:
    """The shipped index of a folder: file name -> (digest, id, country); empty if unreadable."""
    try:
        data = json.loads((directory / INDEX_NAME).read_text(encoding="utf-8"))
        return {name: (entry["sha256"], entry["id"], entry.get("country"))
                for name, entry in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def bundled_id(path: Path, raw: bytes) -> tuple[str, str | None] | None:
    """The id and country of a bundled file, if the index lists these very bytes."""
    found = _read(path.parent).get(path.name)
    if found is None or found[0] != hashlib.sha256(raw).hexdigest():
        return None
    return found[1], found[2]


def build_index(paths: list[Path]) -> dict[str, object]:
    """The index of profile files (of one folder), as the reader reads their ids."""
    files: dict[str, dict[str, str | None]] = {}
    for path in sorted(paths):
        name = path.name
        raw = read_file(path, name=name)
        try:
            data = load_bytes(raw, name).data
        except YamlError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        country = data.get("country")
        files[name] = {"sha256": hashlib.sha256(raw).hexdigest(), "id": data["id"],
                       "country": country if isinstance(country, str) else None}
    return {"about": "The id each bundled profile file reads to, by the SHA-256 of its bytes: a "
                     "catalog takes these without parsing the file. Written by "
                     "`python -m engine.tools.profile_index`.",
            "files": files}
