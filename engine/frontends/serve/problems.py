"""Errors as ``application/problem+json`` (RFC 9457): one small JSON object per failure.

Each kind of problem has a ``type`` URI under :data:`PROBLEM_BASE`, a fixed ``title``
and the HTTP status it goes with; ``detail`` is the same sentence the command line
prints for the same cause, and a situation's problem names its ``field``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

from starlette.responses import Response

from ...errors import Diagnostic, ProfileError, SituationError

__all__ = [
    "PROBLEMS",
    "PROBLEM_BASE",
    "PROBLEM_MEDIA_TYPE",
    "SECURITY_HEADERS",
    "ProblemKind",
    "problem_response",
    "problem_schema",
    "profile_problem",
    "situation_problem",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Sent with every answer: a browser never guesses another
# type, and a link never tells where it came from.
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
PROBLEM_BASE = "https://followup-etiquette.dev/problems/"


@dataclass(frozen=True)
class ProblemKind:
    slug: str
    status: int
    title: str


PROBLEMS: dict[str, ProblemKind] = {
    kind.slug: kind
    for kind in (
        ProblemKind("malformed-json", 400, "The body is not a JSON document"),
        ProblemKind("unknown-host", 400,
                    "The Host header names a host this server does not answer for"),
        ProblemKind("not-found", 404, "No such resource"),
        ProblemKind("method-not-allowed", 405, "Method not allowed here"),
        ProblemKind("not-acceptable", 406, "No representation matches the Accept header"),
        ProblemKind("body-too-large", 413, "The body is larger than the server accepts"),
        ProblemKind("unsupported-media-type", 415, "The body is neither JSON nor YAML"),
        ProblemKind("invalid-situation", 422, "The situation is invalid"),
        ProblemKind("unusable-profile", 422, "The profile asked for has problems"),
        ProblemKind("internal", 500, "The server failed"),
    )
}


def problem_response(slug: str, detail: str, headers: dict[str, str] | None = None,
                     **extra: Any) -> Response:
    """The problem of kind ``slug`` as a response; ``extra`` adds members (``field``, ...)."""
    kind = PROBLEMS[slug]
    body: dict[str, Any] = {"type": PROBLEM_BASE + kind.slug, "title": kind.title,
                            "status": kind.status, "detail": detail}
    body.update({key: value for key, value in extra.items() if value is not None})
    data = (json.dumps(body, ensure_ascii=False) + "\n").encode()
    return Response(data, status_code=kind.status, media_type=PROBLEM_MEDIA_TYPE,
                    headers={**SECURITY_HEADERS, **(headers or {})})


def situation_problem(error: SituationError) -> Response:
    """A bad situation (or ``now``): 422 naming the
    field, worded as ``followup advise`` words it."""
    return problem_response("invalid-situation", str(error), field=error.field,
                            suggestion=error.suggestion)


def profile_problem(diagnostics: tuple[Diagnostic, ...], message: str) -> Response:
    """The industry asked for names a profile with problems: each one as ``followup validate``
    reports it, its file named without the folders it lies in (the server's paths are its own)."""
    named = [replace(diagnostic, file=PurePath(diagnostic.file).name) if diagnostic.file
             else diagnostic
             for diagnostic in diagnostics]
    detail = str(ProfileError(named)) if named else message
    return problem_response("unusable-profile", detail, field="industry",
                            errors=[diagnostic.to_dict() for diagnostic in named])


def problem_schema() -> dict[str, Any]:
    """The JSON Schema of every problem body this server sends."""
    return {
        "type": "object",
        "title": "Problem",
        "description": "An error, as RFC 9457 describes (application/problem+json).",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"enum": [PROBLEM_BASE + slug for slug in PROBLEMS]},
            "title": {"type": "string"},
            "status": {"type": "integer",
                       "enum": sorted({kind.status for kind in PROBLEMS.values()})},
            "detail": {"type": "string",
                       "description": "The sentence `followup` prints for the same cause."},
            "field": {"type": "string",
                      "description": "The situation's field at fault ('' for the whole body)."},
            "suggestion": {"type": "string",
                           "description": "A near valid value, when one is close."},
            "errors": {"type": "array", "items": {"type": "object"},
                       "description": "A profile's problems, as `followup validate --format json` "
                                      "lists them."},
            "allowed": {"type": "array", "items": {"type": "string"}},
        },
    }
