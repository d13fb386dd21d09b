"""The page at ``/``: the shipped HTML, its form and choice lists filled in; its static files.

The form is written from the situation's fields (:mod:`.form`).

The lists come from the engine, so the page offers what a situation accepts: the industries in sight
(as ``followup profiles`` lists them), the time zones of :func:`engine.zones.zone_names`, the
countries with a holiday calendar, the purposes, and the words the text timeline uses for them, and
the page's own words in every shipped language (:mod:`.words`). Everything is read once, when the
application is made; nothing is fetched from elsewhere (no CDN), and the page needs no build step.
The icon is a small SVG, served as ``/favicon.ico`` too (where browsers ask for it unprompted).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import holidays

from ...report.text import PURPOSE_PHRASES
from ...report.wording import CHANNEL_NAMES, CHANNEL_WORDS
from ...vocabulary import CHANNEL_SPECS, CHANNELS, PURPOSES
from ...zones import zone_names
from .form import form_description, form_html
from .words import LANGUAGE_NAMES, PAGE_WORDS, page_words

__all__ = ["STATIC_DIR", "Page"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
_STATIC_TYPES = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8",
                 "favicon.svg": "image/svg+xml"}


def _options(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in pairs)


def _countries() -> list[tuple[str, str]]:
    named: dict[str, str] = {}
    for class_name, alpha2, *_ in holidays.registry.COUNTRIES.values():
        spaced = "".join(f" {char}" if char.isupper() and index
                         else char for index, char in enumerate(class_name))
        named[alpha2] = spaced
    return sorted(named.items())


class Page:
    """The page's HTML and static files, ready to send."""

    def __init__(self, profiles: list[dict[str, Any]],
                 names: dict[str, dict[str, str]] | None = None) -> None:
        """``profiles``: the rows of ``followup profiles``; the usable industries among them are
        offered, named in the page's language where ``names`` (by id, then language) gives it."""
        industries = sorted(((row["id"], row["name"] or row["id"]) for row in profiles
                             if row["industry"] and row["ok"]),
                            key=lambda pair: (pair[0] != "general", pair[1].casefold()))
        words = ({"purposes": PURPOSE_PHRASES, "channels": CHANNEL_NAMES, "order": list(PURPOSES),
                  "form": form_description(),
                  "now": {CHANNEL_SPECS[name].verdict: name for name in CHANNELS},
                  "actions": {name: {"action": said.action, "thanks": said.thanks}
                              for name, said in CHANNEL_WORDS.items()}}
                 | page_words() | {"industries": names or {}})
        html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
        fills = {
            "<!-- form -->": form_html(),  # first: it holds the markers of the choice lists
            "<!-- industries -->": _options(industries),
            "<!-- purposes -->": _options(
                [(purpose, PAGE_WORDS[f"menu_{purpose}"]) for purpose in PURPOSES]),
            "<!-- zones -->": _options([(zone, zone) for zone in sorted(zone_names())]),
            "<!-- countries -->": _options(_countries()),
            "<!-- languages -->": "\n".join(f'<option value="{tag}" '
                                            f'lang="{tag}">{escape(name)}</option>'
                                            for tag, name in LANGUAGE_NAMES.items()),
            # Inside <script type="application/json">: raw text, where only "</" could end it early.
            "<!-- words -->": json.dumps(words, sort_keys=True).replace("<", "\\u003c"),
        }
        for marker, text in fills.items():
            html = html.replace(marker, text)
        self.html = html.encode()
        self._static = {name: ((STATIC_DIR / name).read_bytes(),
                               media_type) for name, media_type in _STATIC_TYPES.items()}

    def static(self, name: str) -> tuple[bytes, str] | None:
        """A static file's bytes and media type, or None when there is no such file."""
        return self._static.get(name)
