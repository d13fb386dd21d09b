"""Write the index of the bundled profiles' ids (``profiles/index.json``).

    python -m engine.tools.profile_index          # writes it; "up to date" when nothing changed

A test fails when the shipped index differs from what this writes: run it after editing a
bundled profile.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..language.bundled_index import INDEX_NAME, build_index
from ..language.profile_files import profile_files
from ..resources import bundled_profiles_dir

__all__ = ["index_text", "main"]


def index_text(directory: Path) -> str:
    """The index of a folder's profile files, as the file holds it."""
    return json.dumps(build_index(profile_files(directory)), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    directory = bundled_profiles_dir()
    path = directory / INDEX_NAME
    text = index_text(directory)
    try:
        before = path.read_text(encoding="utf-8") if path.exists() else None
        if before != text:
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{path}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{path}: {'up to date' if before == text else 'updated'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
