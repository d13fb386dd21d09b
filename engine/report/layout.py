"""Text for a terminal: display widths, padded labels, wrapped lines (Japanese: by character)."""

from __future__ import annotations

import re
import textwrap
from unicodedata import east_asian_width

from .i18n import current

__all__ = ["WIDTH"]

WIDTH = 99


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence_case(text: str) -> str:
    """Lower a leading capital for use after a dash, unless it starts an acronym or "I" (or a
    German noun: German keeps its capitals)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and current() != "de":
        return text[0].lower() + text[1:]
    return text


def _width(text: str) -> int:
    """How many columns ``text`` takes in a terminal: two for each wide (East Asian) character."""
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def _label(label: str, width: int) -> str:
    """``label`` padded to ``width`` columns (a label as long as that gets one space)."""
    return label + " " * max(width - _width(label), 1)


# Characters a Japanese line never starts with (closing brackets, punctuation, small kana and 々).
_NO_LINE_START = ("\u3001\u3002\uff0c\uff0e\uff09\u300d\u300f\u3011\u3015\uff01\uff1f\uff1a"
                  "\uff1b\u30fc\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e"
                  "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6"
                  "\u3005")


def _wrap_wide(text: str, indent: str, first: str) -> list[str]:
    """Lines of at most WIDTH columns for a text without spaces between its words (Japanese): broken
    between characters, never before closing punctuation, never inside a run of Latin letters or
    digits."""
    tokens = re.findall(r"[A-Za-z0-9@&.,;'/:+<>_#?=%~()\[\]\-]+|\s+|.", text)
    lines: list[str] = []
    line, used = first, _width(first)
    for token in tokens:
        size = _width(token)
        if (used + size > WIDTH and line.strip() and token not in _NO_LINE_START
            and not token.isspace()):
            lines.append(line.rstrip())
            line, used = indent, len(indent)
        if token.isspace() and used == len(indent) and line == indent:
            continue
        line += token
        used += size
    lines.append(line.rstrip())
    return lines


def _wrap(text: str, indent: str, *, first: str = "") -> list[str]:
    if current() == "ja":  # its labels are wide even where the text is English
        return _wrap_wide(text, indent, first)
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    ) or [first.rstrip()]
