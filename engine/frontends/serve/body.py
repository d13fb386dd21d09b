"""A request body as a situation: read as ``followup advise --input`` reads a file (JSON too).

The one YAML reader (:mod:`engine.language.yaml_source`) reads JSON too, with its limits,
duplicate-key check and messages. JSON can also write a character outside the Basic
Multilingual Plane as a pair of ``\\uD8xx\\uDCxx`` escapes, which YAML's escapes cannot,
and integers of any size, which the reader refuses beyond 2^53: for an
``application/json`` body the reader refuses (Y101, Y108), the body is read again as
JSON, under the same rules (no duplicate keys, the same nesting limit, text that is valid
Unicode, no ``NaN`` or ``Infinity``); if it is not valid JSON either, the reader's message
stands. A large integer then reaches the situation's check, which names its field.
"""

from __future__ import annotations

import json
from typing import Any

from ...language.yaml_source import Limits, YamlError, load_bytes

__all__ = ["BodyError", "read_body"]

_MAX_DEPTH = Limits().max_depth
# what only YAML cannot read: a surrogate pair's escapes, an integer past 2^53
_JSON_RETRIED = ("Y101", "Y108")


class BodyError(Exception):
    """The body cannot be read; its message is the reader's, as the command line prints it."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise ValueError("duplicate key")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _readable(value: Any, depth: int = 0) -> bool:
    """Nested at most as deep as the reader allows, and
    every string encodable (no lone surrogate)."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_readable(key, depth + 1)
                   and _readable(item, depth + 1) for key, item in value.items())
    if isinstance(value, list):
        return all(_readable(item, depth + 1) for item in value)
    return True


def read_body(data: bytes, media_type: str) -> Any:
    """The document in ``data``, or :class:`BodyError`."""
    try:
        return load_bytes(data, "body").data
    except YamlError as error:
        refused = BodyError(str(error.diagnostic))
        if media_type != "application/json" or error.diagnostic.code not in _JSON_RETRIED:
            raise refused from None
        try:
            value = json.loads(data, object_pairs_hook=_unique, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise refused from None
        if not _readable(value):
            raise refused from None
        return value
