"""Reporters for diagnostics: text, json and GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..errors import Diagnostic

__all__ = ["DIAGNOSTIC_FORMATS", "render_diagnostics"]


def _text(diagnostics: Sequence[Diagnostic], checked: int) -> str:
    lines = [str(d) for d in diagnostics]
    errors = sum(1 for d in diagnostics if d.severity == "error")
    noun = "file" if checked == 1 else "files"
    lines.append(f"{errors} problem{'s' if errors != 1 else ''} in {checked} {noun}" if errors
                 else f"{checked} {noun} ok")
    return "\n".join(lines) + "\n"


def _json(diagnostics: Sequence[Diagnostic], checked: int) -> str:
    payload = {
        "ok": not any(d.severity == "error" for d in diagnostics),
        "checked": checked,
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    return json.dumps(payload, indent=2) + "\n"


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(diagnostics: Sequence[Diagnostic], checked: int) -> str:
    lines = []
    for d in diagnostics:
        where = [f"file={_escape(d.file, property_value=True)}"]
        if d.line:
            where += [f"line={d.line}", f"col={d.col}"]
        where.append(f"title={_escape(d.code, property_value=True)}")
        message = d.message + (f" (did you mean {d.suggestion!r}?)" if d.suggestion else "")
        lines.append(f"::{d.severity} {','.join(where)}::{_escape(message)}")
    return "".join(line + "\n" for line in lines)


DIAGNOSTIC_FORMATS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {
    "text": _text,
    "json": _json,
    "github": _github,
}


def render_diagnostics(diagnostics: Sequence[Diagnostic], checked: int, fmt: str) -> str:
    return DIAGNOSTIC_FORMATS[fmt](sorted(diagnostics), checked)
