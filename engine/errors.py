"""Diagnostics and the exception family of the engine.

A :class:`Diagnostic` is a value: a problem found in a profile or a situation, with
a stable code and, where it has one, the file, line and column it points at.  Checks
yield diagnostics; only the command line decides how to print them and which exit
code they mean.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "BackendUnavailable",
    "Diagnostic",
    "FollowupError",
    "ProfileError",
    "RuleEngineError",
    "SituationError",
    "did_you_mean",
    "shown",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located as precisely as the input allows.

    ``path`` is the JSON path inside the document (``rules/3/when/days_after``);
    ``line`` and ``col`` are 1-based and 0 when unknown.
    """

    file: str
    line: int
    col: int
    code: str
    message: str
    path: str = ""
    suggestion: str | None = None
    severity: Severity = "error"

    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file

    def __str__(self) -> str:
        label = f"{self.code} (warning)" if self.severity == "warning" else self.code
        text = f"{self.location()}: {label}: {self.message}"
        if self.suggestion:
            text += f" (did you mean {self.suggestion!r}?)"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "suggestion": self.suggestion,
        }


class FollowupError(Exception):
    """Root of every error the engine raises on purpose."""


class ProfileError(FollowupError):
    """A profile (or the set of profiles) has problems; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics))
        first = str(self.diagnostics[0]) if self.diagnostics else "invalid profile"
        more = len(self.diagnostics) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


class RuleEngineError(FollowupError):
    """The rule engine refused a profile's rules (a limit the checks did not foresee)."""


class BackendUnavailable(FollowupError):
    """The evaluator asked for cannot run in this Python (durable-rules on 3.13, say)."""


@dataclass
class SituationError(FollowupError):
    """A situation (the input of ``advise``) is invalid: names the field at fault."""

    field: str
    message: str
    suggestion: str | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.suggestion:
            text += f" (did you mean {self.suggestion!r}?)"
        return text


def shown(value: object, limit: int = 80) -> str:
    """A value as an error message quotes it: short, and safe for any input."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return "a very large number"
    try:
        text = repr(value)
    except ValueError:  # a container holding a number too large to print
        return "a value too large to show"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped ``word``, if one is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None
