"""Diagnostics and the exception family of the engine.

A :class:`Diagnostic` is a value: a problem found in a profile or a situation, with
a stable code and, where it has one, the file, line and column it points at.  Checks
yield diagnostics; only the command line decides how to print them and which exit
code they mean.
"""

from __future__ import annotations

import difflib
import heapq
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
    "Suggestions",
    "UnknownProfileError",
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


class UnknownProfileError(FollowupError, KeyError):
    """A profile id that no place in sight defines (a ``KeyError`` too, as a lookup that failed)."""

    def __init__(self, profile_id: str, known: Sequence[str] = ()) -> None:
        self.profile_id = profile_id
        suggestion = did_you_mean(profile_id, known)
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"no profile with the id {profile_id!r}{hint}")

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0])


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
    except RecursionError:  # a container nested too deeply to print
        return "a value nested too deeply to show"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# A suggestion compares the word with candidates, each comparison quadratic in their
# lengths. The work is bounded: words and candidates of at most 100 characters, at most
# 500 candidates scanned (those nearest in length), of which the 20 that look closest by
# a cheap measure (difflib's ``quick_ratio``) are compared in full; and, through
# :class:`Suggestions`, at most 50 suggestions for one file.
MAX_SUGGESTED_WORD = 100
MAX_SCANNED = 500
MAX_COMPARED = 20
MAX_SUGGESTIONS_PER_FILE = 50
_CUTOFF = 0.6


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped ``word``, if one is close enough."""
    if len(word) > MAX_SUGGESTED_WORD:
        return None
    pool = sorted({candidate for candidate in candidates if len(candidate) <= MAX_SUGGESTED_WORD})
    if len(pool) > MAX_COMPARED:
        if len(pool) > MAX_SCANNED:
            pool = sorted(pool, key=lambda candidate: (abs(len(candidate) - len(word)),
                                                       candidate))[:MAX_SCANNED]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        scored: list[tuple[float, str]] = []
        for candidate in pool:
            matcher.set_seq1(candidate)
            if (matcher.real_quick_ratio() >= _CUTOFF
                and (score := matcher.quick_ratio()) >= _CUTOFF):
                scored.append((score, candidate))
        pool = sorted(candidate for _, candidate in heapq.nlargest(MAX_COMPARED, scored))
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=_CUTOFF)
    return matches[0] if matches else None


class Suggestions:
    """``did_you_mean`` for the problems of one file, at most ``limit`` times.

    A file of thousands of misspellings gets suggestions for the first ones (those a
    person reads first), and is checked in bounded time.
    """

    def __init__(self, limit: int = MAX_SUGGESTIONS_PER_FILE) -> None:
        self.left = limit

    def __call__(self, word: str, candidates: Iterable[str]) -> str | None:
        if self.left <= 0:
            return None
        self.left -= 1
        return did_you_mean(word, candidates)
