"""Which plan format a request's ``Accept`` asks for, and what media type its body declares.

Formats are those of :data:`engine.report.formats.PLAN_FORMATS` (JSON, iCalendar, text),
matched by media type with RFC 9110's quality values; no ``Accept`` (or ``*/*``) means
JSON, the API's own format.
"""

from __future__ import annotations

from ...report.formats import PLAN_FORMATS, PlanFormat

__all__ = ["body_media_type", "chosen_format"]

_BY_TYPE = {spec.media_type.split(";")[0]: spec for spec in PLAN_FORMATS.values()}
_DEFAULT = PLAN_FORMATS["json"]
# Spellings of YAML's media type in use before RFC 9512 registered application/yaml.
_ALIASES = {"application/x-yaml": "application/yaml", "text/yaml": "application/yaml",
            "text/x-yaml": "application/yaml"}


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0


def chosen_format(accept: str) -> PlanFormat | None:
    """The format to answer in, or None when ``accept`` admits none of them."""
    if not accept.strip():
        return _DEFAULT
    best: tuple[float, int, PlanFormat] | None = None
    for item in accept.split(","):
        media_range, *params = item.split(";")
        media_range = media_range.strip().lower()
        quality = _quality(params)
        if quality <= 0:
            continue
        if media_range in ("*/*", "application/*"):
            candidate = _DEFAULT
        elif media_range == "text/*":
            candidate = PLAN_FORMATS["text"]
        elif media_range in _BY_TYPE:
            candidate = _BY_TYPE[media_range]
        else:
            continue
        specific = 0 if "*" in media_range else 1
        if best is None or (quality, specific) > (best[0], best[1]):
            best = (quality, specific, candidate)
    return best[2] if best else None


def body_media_type(content_type: str) -> str:
    """The media type of a ``Content-Type`` value, lower case, without parameters ('' if absent)."""
    media_type = content_type.split(";")[0].strip().lower()
    return _ALIASES.get(media_type, media_type)
