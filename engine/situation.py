"""The situation: what the candidate tells the engine, checked field by field.

The fields are those :mod:`engine.situation_fields` declares: a text, flag or date field is
read and echoed from its kind alone; the others have their reading here.

Every problem raises :class:`SituationError` naming the field. Date-times without an
offset are read in the employer's time zone, which must then be given; a local time
that does not exist (a DST gap) or exists twice (a DST fold) is an error, never a
silent shift.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from .errors import SituationError, did_you_mean, shown
from .language.model import ROOT
from .moments import (
    check_year,
    parse_date,
    parse_datetime,
)
from .situation_fields import FIELD_NAMES, SITUATION_FIELDS, TEXT_LIMIT, fields_of
from .spellings import (
    COUNTRY_SPELLING,
    LANGUAGE_ALIASES,
    LANGUAGES,
    NO_COUNTRY,
)
from .vocabulary import CHANNELS, PURPOSES
from .zones import zone_named

__all__ = ["FIELDS", "FLAG_FIELDS", "TEXT_FIELDS", "Contact", "Situation", "parse_datetime",
           "parse_situation", "text_field"]

# The fields, as engine.situation_fields declares them.
FIELDS = FIELD_NAMES
# Free text the engine only carries: the caller's id, and names that fill message drafts.
TEXT_FIELDS = fields_of("text")
# Yes-or-no fields, false when absent.
FLAG_FIELDS = fields_of("flag")
# The fields with one value each (every field but the list of earlier contacts).
SCALAR_FIELDS = tuple(name for name in FIELDS if name != "contacts")
# The country's spelling in the vocabulary (the situation schema's pattern), used with
# fullmatch (``$`` would also match before a final newline).
_COUNTRY = re.compile(COUNTRY_SPELLING)
# Control characters and line or paragraph separators: a name is one line of text.
_NOT_TEXT = frozenset({"Cc", "Zl", "Zp"})
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Contact:
    """An earlier follow-up: when, how, and what for (None: the step it plausibly was)."""

    at: datetime
    channel: str
    purpose: str | None = None

    def to_dict(self) -> dict[str, str]:
        data = {"at": self.at.isoformat(), "channel": self.channel}
        if self.purpose is not None:
            data["purpose"] = self.purpose
        return data


@dataclass(frozen=True)
class Situation:
    interview: datetime  # aware, in the employer's zone
    zone: tzinfo
    zone_name: str
    industry: str = "general"
    country: str | None = None
    subdivision: str | None = None
    # Where the country came from when the situation gave none: "zone" (the time zone's
    # country), "none" (the situation said ``country: none``); None when given or absent.
    country_source: str | None = None
    purpose: str | None = None
    promised_reply_by: date | None = None
    competing_offer_deadline: date | None = None
    heard_back: bool = False
    traditional: bool = False
    contacts: tuple[Contact, ...] = ()
    ref: str | None = None
    company: str | None = None
    role: str | None = None
    interviewer: str | None = None
    candidate: str | None = None
    first_choice: bool = False  # the candidate has said this role is their first choice
    language: str | None = None  # a tag of LANGUAGES; None: the employer's country's
    # Values of the fields the profile declares for itself (name, value), checked against its
    # declarations when the profile is known.
    fields: tuple[tuple[str, str | int | bool], ...] = ()

    @property
    def fixed_offset(self) -> bool:
        """No IANA zone was given: the employer's clock is the interview's offset."""
        return isinstance(self.zone, timezone)

    def to_dict(self) -> dict[str, Any]:
        """The situation in canonical input form (what
        ``--input`` would accept), in the fields' order."""
        data: dict[str, Any] = {}
        for name in FIELDS:
            value = _ECHOES[SITUATION_FIELDS[name].kind](self, name)
            if value is not None:
                data[name] = value
        return data


def _echo_country(situation: Situation, name: str) -> str | None:
    """The country as given: one taken from the zone is taken again from the echo."""
    if situation.country and situation.country_source != "zone":
        return situation.country + (f"-{situation.subdivision}" if situation.subdivision else "")
    return NO_COUNTRY if situation.country_source == NO_COUNTRY else None


def _echo_date(situation: Situation, name: str) -> str | None:
    value: date | None = getattr(situation, name)
    return None if value is None else value.isoformat()


# How each kind of field is written back (None: left out, as a false flag or an absent value).
_ECHOES: dict[str, Callable[[Situation, str], Any]] = {
    "interview": lambda situation, name: situation.interview.isoformat(),
    # A fixed offset is carried by the interview itself.
    "zone": lambda situation, name: None if situation.fixed_offset else situation.zone_name,
    "industry": lambda situation, name: situation.industry,
    "country": _echo_country,
    "purpose": lambda situation, name: situation.purpose or None,
    "date": _echo_date,
    "flag": lambda situation, name: True if getattr(situation, name) else None,
    "contacts": lambda situation, name: ([contact.to_dict() for contact in situation.contacts]
                                         or None),
    "text": lambda situation, name: getattr(situation, name),
    "language": lambda situation, name: situation.language or None,
    "fields": lambda situation, name: dict(situation.fields) or None,
}


def _date(data: Mapping[str, Any], field: str) -> date | None:
    value = data.get(field)
    return None if value is None else parse_date(value, field)


def _flag(data: Mapping[str, Any], field: str) -> bool:
    value = data.get(field, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise SituationError(field, f"expected true or false, got {shown(value)}")
    return value


def text_field(data: Mapping[str, Any], field: str) -> str | None:
    """An optional line of text: absent, null or blank is None; control characters are refused."""
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        # A number of up to 20 digits is shown as the text it could be; a longer one is
        # not spelt out.
        quoted = (f" (write it as a string: \"{value}\")"
                  if isinstance(value, (int, float)) and value is not True
                  and value is not False and abs(value) < 10**20 else "")
        raise SituationError(field, f"expected text, got {shown(value)}{quoted}")
    if len(value) > TEXT_LIMIT:
        raise SituationError(field, f"longer than {TEXT_LIMIT} characters ({len(value)})")
    if _SURROGATE.search(value):  # half of a UTF-16 pair: no text can hold it, nothing can print it
        raise SituationError(field, f"not valid text: {shown(value)} holds a lone surrogate (bytes "
                                    "that were not UTF-8?)")
    text = value.strip()
    if any(unicodedata.category(char) in _NOT_TEXT for char in text):
        raise SituationError(field, "one line of text expected, without control characters, got "
                                    f"{shown(value)}")
    return text or None


def parse_situation(data: Any, *, known_industries: tuple[str, ...] | None = None,
                    offered_industries: tuple[str, ...] | None = None) -> Situation:
    """Check a situation mapping and return it as a :class:`Situation`.

    ``known_industries`` are the ids accepted; ``offered_industries`` (default: the same)
    the ones an error lists and suggests.
    """
    if isinstance(data, Situation):
        return data
    if not isinstance(data, Mapping):
        raise SituationError("", f"a situation is a JSON object, got {type(data).__name__}")
    for key in data:
        if key not in FIELDS:
            # Echoed as it is only when printable and short; repr() escapes control characters.
            plain = isinstance(key, str) and key.isprintable() and 0 < len(key) <= 80
            name = key if plain else shown(key)
            raise SituationError(name, "unknown field", suggestion=did_you_mean(key, FIELDS)
                                 if plain else None)
    if "interview" not in data or data["interview"] in (None, ""):
        raise SituationError("interview", "required: the interview's date and time (ISO 8601)")
    raw_zone = data.get("timezone")
    zone: tzinfo | None = None
    zone_name = ""
    if raw_zone is not None:
        zone = zone_named(raw_zone)
        zone_name = str(raw_zone)
    interview = parse_datetime(data["interview"], "interview", zone)
    if zone is None:
        # Only an offset was given: the employer's clock is that fixed offset.
        offset = interview.utcoffset() or timedelta(0)
        zone = timezone(offset)
        zone_name = _offset_name(offset)
        interview = interview.astimezone(zone)
    check_year(interview.year, "interview")
    industry = data.get("industry")
    if industry is None:
        industry = "general"
    if not isinstance(industry, str) or not industry:
        raise SituationError("industry", f"expected a profile id, got {shown(industry)}")
    if known_industries is not None and industry not in known_industries:
        offered = known_industries if offered_industries is None else offered_industries
        if industry == ROOT:
            raise SituationError(
                "industry",
                f"{ROOT!r} is not an industry: it holds the rules every profile extends; "
                f"choose one of: {', '.join(offered)}")
        raise SituationError(
            "industry", f"unknown profile {shown(industry)}; known: {', '.join(offered)}",
            suggestion=did_you_mean(industry, offered) if len(industry) < 100 else None,
        )
    given = data.get("country")
    country, subdivision = _country(given)
    country_source = (NO_COUNTRY if isinstance(given, str) and given.casefold() == NO_COUNTRY
                      else None)
    if given is None and not isinstance(zone, timezone):  # the zone's country, where it has one
        from .countries import country_of_zone  # holidays is imported only when a country is found

        country = country_of_zone(zone_name)
        country_source = "zone" if country is not None else None
    purpose = data.get("purpose")
    if purpose is not None and purpose not in PURPOSES:
        raise SituationError(
            "purpose", f"unknown purpose {shown(purpose)}; one of {', '.join(PURPOSES)}",
            suggestion=(did_you_mean(purpose, PURPOSES)
                        if isinstance(purpose, str) and len(purpose) < 100 else None),
        )
    contacts = data.get("contacts")
    if contacts is None:
        contacts = []
    if not isinstance(contacts, list):
        raise SituationError("contacts", "expected a list of {at, channel, purpose?}")
    parsed_contacts = []
    for index, item in enumerate(contacts):
        where = f"contacts[{index}]"
        if (not isinstance(item, Mapping) or set(item) - {"at", "channel", "purpose"}
            or "at" not in item):
            raise SituationError(where, f"expected {{at: date-time, channel: {'|'.join(CHANNELS)}, "
                                        f"purpose?}}")
        channel = item.get("channel", "email")
        if channel not in CHANNELS:
            raise SituationError(f"{where}.channel",
                                 f"expected {' or '.join(CHANNELS)}, got {shown(channel)}")
        aim = item.get("purpose")
        if aim is not None and aim not in PURPOSES:
            raise SituationError(
                f"{where}.purpose", f"unknown purpose {shown(aim)}; one of {', '.join(PURPOSES)}",
                suggestion=(did_you_mean(aim, PURPOSES)
                            if isinstance(aim, str) and len(aim) < 100 else None),
            )
        parsed_contacts.append(Contact(parse_datetime(item["at"], f"{where}.at", zone),
                                       str(channel), None if aim is None else str(aim)))
    parsed_contacts.sort(key=lambda c: (c.at, c.channel, c.purpose or ""))
    return Situation(
        interview=interview,
        zone=zone,
        zone_name=zone_name,
        industry=industry,
        country=country,
        subdivision=subdivision,
        country_source=country_source,
        purpose=purpose,
        contacts=tuple(parsed_contacts),
        **{name: _READERS[SITUATION_FIELDS[name].kind](data, name) for name in _GENERIC},
        language=_language(data.get("language")),
        fields=_own_fields(data["fields"]) if "fields" in data else (),
    )


# The fields read from the table alone, by their kind, in the table's order.
_READERS: dict[str, Callable[[Mapping[str, Any], str], Any]] = {"date": _date, "flag": _flag,
                                                                "text": text_field}
_GENERIC = tuple(name for name in FIELDS if SITUATION_FIELDS[name].kind in _READERS)
_FIELD_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def _own_fields(value: Any) -> tuple[tuple[str, str | int | bool], ...]:
    """The values a situation gives for a profile's own fields: names, and plain values only."""
    if not isinstance(value, Mapping):
        raise SituationError("fields",
                             f"expected an object of field names and values, got {shown(value)}")
    found: list[tuple[str, str | int | bool]] = []
    for name, item in value.items():
        if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
            raise SituationError("fields", "a field name is a profile's slug (a-z, 0-9, -, _), "
                                           f"got {shown(name)}")
        if not isinstance(item, (str, int, bool)) or (
                isinstance(item, str) and len(item) > TEXT_LIMIT):
            raise SituationError(f"fields.{name}",
                                 f"expected a name, a number or true/false, got {shown(item)}")
        found.append((name, item))
    return tuple(sorted(found))


def _language(value: Any) -> str | None:
    """A tag of :data:`engine.spellings.LANGUAGES`, matched
    without regard to case, in its own spelling."""
    if value is None:
        return None
    if isinstance(value, str):
        for tag in LANGUAGES:
            if value.lower() == tag.lower():
                return LANGUAGE_ALIASES.get(tag, tag)
    raise SituationError("language",
                         f"unsupported language {shown(value)}; accepted: {', '.join(LANGUAGES)}",
                         suggestion=(did_you_mean(value, LANGUAGES)
                                     if isinstance(value, str) and len(value) < 100 else None))


def _offset_name(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"  # seconds of historical offsets are dropped


def _country(value: Any) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and value.casefold() == NO_COUNTRY):
        return None, None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
        raise SituationError("country",
                             "expected an ISO 3166 code such as US, GB or US-NY, or none, got "
                             f"{shown(value)}")
    country, _, sub = value.partition("-")
    from .countries import check_country  # holidays is imported only when a country is given

    return check_country(country.upper(), sub or None)
