"""The language of a plan's words: which one, the English variants' spellings, a date's form.

A situation's ``language`` (a tag of :data:`engine.spellings.LANGUAGES`) chooses it;
without one, the employer's country does: its language where one is shipped
(:data:`engine.spellings.COUNTRY_LANGUAGES`), else English. English, asked for as plain
``en`` or chosen by the country, is British for the countries of
:data:`engine.vocabulary.BRITISH_ENGLISH_COUNTRIES` and American elsewhere. The country
is the situation's, or the one its time zone belongs to.

One English template serves both variants: a draft is written in either spelling and
:func:`respell` turns the words of :data:`SPELLINGS` into the variant's. Only a draft's
own text is respelt, never a name the situation gives, and never another language.
Dates in English come from fixed tables; in any other language from CLDR, through Babel.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from ..caches import memo
from ..situation import Situation
from ..spellings import COUNTRY_LANGUAGES, COUNTRY_VARIANTS, DEFAULT_LANGUAGE
from ..zones import zone_country
from .words import DAY_NAMES, MONTH_NAMES

__all__ = ["SPELLINGS", "is_english", "language_of", "locale_name", "long_day", "respell",
           "weekday_name", "zone_country"]

# Words spelt differently in British and American English, each in both spellings, with
# the forms a draft may need. Words whose American form is also British in another sense
# (practice, check, judgment, license as a verb) are left out, and program is turned into
# American only: they cannot be turned round.
_BRITISH_AMERICAN = (
    ("licence", "license"), ("licences", "licenses"), ("candour", "candor"), ("favour", "favor"),
    ("favourable", "favorable"), ("favourably", "favorably"), ("honour", "honor"),
    ("honoured", "honored"),
    ("behaviour", "behavior"), ("behaviours", "behaviors"), ("behavioural", "behavioral"),
    ("colour", "color"),
    ("endeavour", "endeavor"), ("endeavours", "endeavors"), ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("centre", "center"), ("centres", "centers"), ("programme", "program"),
    ("programmes", "programs"),
    ("paediatric", "pediatric"), ("paediatrics", "pediatrics"), ("anaesthesia", "anesthesia"),
    ("orthopaedic", "orthopedic"), ("haematology", "hematology"),
    ("catalogue", "catalog"), ("defence", "defense"), ("offence", "offense"), ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"), ("enrol", "enroll"), ("enrolment", "enrollment"),
    ("travelling", "traveling"),
    ("travelled", "traveled"), ("modelling", "modeling"), ("cancelled", "canceled"),
    ("analyse", "analyze"), ("analysed", "analyzed"), ("analysing", "analyzing"), ("grey", "gray"),
    ("sceptical", "skeptical"),
)
_ISE = ("organis", "recognis", "realis", "specialis", "apologis", "prioritis", "emphasis",
        "summaris", "finalis",
        "familiaris", "minimis", "maximis", "optimis", "utilis", "authoris", "standardis",
        "characteris",
        "customis", "personalis", "criticis", "visualis", "mobilis", "harmonis", "centralis",
        "capitalis")
_ISE_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations", "er", "ers", "ational")
# "emphasis" is a noun in both spellings: only its verb forms are turned.
_NOUNS_TOO = {"emphasis"}
SPELLINGS: tuple[tuple[str, str], ...] = (
    *_BRITISH_AMERICAN,
    *((stem + ending, stem[:-1] + "z" + ending) for stem in _ISE for ending in _ISE_ENDINGS
      if not (stem in _NOUNS_TOO
              and ending in ("e", "es", "er", "ers", "ation", "ations", "ational"))),
)
_TO_AMERICAN = dict(SPELLINGS)
# A computer program is a program in British English too: never turned into British.
_TO_BRITISH = {us: gb for gb, us in SPELLINGS if us not in ("program", "programs")}


@memo("report.variants.pattern")
def _pattern(american: bool) -> re.Pattern[str]:
    """The words to turn into American (or British)
    spelling, compiled when first needed (a few ms)."""
    alternatives = sorted(_TO_AMERICAN if american else _TO_BRITISH, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b", re.IGNORECASE)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if model[0].isupper() else word


@memo("report.variants.respell")
def respell(text: str, language: str) -> str:
    """``text`` in the spelling of ``language`` (``en-GB`` or ``en-US``), keeping each word's case;
    a text in another language is left as it is. Remembered: the texts are a profile's drafts
    and stand-ins, the same for every plan, and the search for a few hundred words is slow."""
    if not language.startswith("en"):
        return text
    american = language == "en-US"
    table, pattern = _TO_AMERICAN if american else _TO_BRITISH, _pattern(american)
    return pattern.sub(lambda match: _same_case(match.group(0), table[match.group(0).lower()]),
                       text)


def language_of(situation: Situation) -> str:
    """The language the plan's words are written in: the situation's tag (plain ``en``: the
    English of the employer's country), else the employer's country's language, else its English."""
    country = situation.country or zone_country(situation.zone_name)
    tag = situation.language or COUNTRY_LANGUAGES.get(country or "", DEFAULT_LANGUAGE)
    if tag not in COUNTRY_VARIANTS:
        return tag
    variant, countries, elsewhere = COUNTRY_VARIANTS[tag]
    return variant if country in countries else elsewhere


def is_english(language: str) -> bool:
    return language.startswith("en")


def locale_name(language: str) -> str:
    """The CLDR locale of a language tag: ``pt-BR`` is ``pt_BR``."""
    return language.replace("-", "_")


# How a sentence writes a date in the year of the plan, per language (CLDR patterns, read by
# Babel, which gives the names of days and months): CLDR's own full form has the year.
_LONG_DAY = {"de": "EEEE, d. MMMM", "fr": "EEEE d MMMM", "es": "EEEE d 'de' MMMM",
             "ja": "M月d日\uff08EEE\uff09", "pt-BR": "EEEE, d 'de' MMMM"}
_LONG_DAY_YEAR = {"ja": "y年M月d日\uff08EEE\uff09"}


def long_day(day: date, language: str, *, year: int | None = None) -> str:
    """A date as a sentence writes it: ``Thursday 26 November`` (en-GB), ``Thursday, November 26``
    (en-US), ``Donnerstag, 26. November`` (de), ``11月26日`` and its weekday in full-width brackets
    (ja), with the year when it is not ``year``."""
    if not is_english(language):
        pattern = _LONG_DAY[language] if day.year == year else _LONG_DAY_YEAR.get(language, "full")
        text = _formatted(day, pattern, language)
        # the first of the month as an ordinal: 1er, 1º
        if day.day == 1 and language in ("fr", "pt-BR"):
            text = (text.replace(" 1 ", " 1er ", 1) if language == "fr"
                    else text.replace(" 1 de ", " 1º de ", 1))
        return text
    weekday, month = DAY_NAMES[day.weekday()], MONTH_NAMES[day.month - 1]
    if language == "en-US":
        text = f"{weekday}, {month} {day.day}"
        return text if day.year == year else f"{text}, {day.year}"
    text = f"{weekday} {day.day} {month}"
    return text if day.year == year else f"{text} {day.year}"


def weekday_name(day: date, language: str) -> str:
    """The day's weekday name in ``language`` (``Friday``, ``Freitag``, ``金曜日``)."""
    if is_english(language):
        return DAY_NAMES[day.weekday()]
    return _formatted(day, "EEEE", language)


@memo("report.variants.formatted")
def _formatted(day: date, pattern: str, language: str) -> str:
    """Babel's ``format_date``, remembered: the same few
    hundred days recur in every plan of a batch."""
    return format_date(day, pattern, locale=locale_name(language))
