"""The words of the text output in the plan's language: message catalogs, dates and plural forms.

Every sentence the text output (and the wording of the planner's message codes) writes is
an English ``msgid`` passed through :func:`_` or :func:`ngettext`; the plan's language
(:func:`speaking`) chooses the catalog that translates it. A catalog is a gettext ``.po``
file per language, ``engine/locale/<tag>/LC_MESSAGES/followup.po``, shipped inside the
package and read at run time with Babel (nothing to compile or install). In English the
``msgid`` is the text. Plural forms follow each catalog's ``Plural-Forms`` (CLDR's rules,
as Babel writes them). Days and months are written by CLDR through Babel in every
language but English, whose fixed tables (:mod:`engine.report.words`) keep the output
independent of the machine's locale.

A sentence takes its values by name (``{day}``), so a translation may order them as its
language needs; ``tests/test_languages.py`` checks that every catalog translates every
``msgid`` with the same names.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..caches import memo
from ..spellings import TRANSLATED_LANGUAGES
from .words import format_day as english_day

__all__ = ["LOCALE_DIR", "N_", "_", "catalog", "current", "format_day", "ngettext", "speaking"]

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "followup"
_LANGUAGE: ContextVar[str] = ContextVar("language", default="en-US")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Words written inside the block are in ``language`` (a tag of the plan's language)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current() -> str:
    return _LANGUAGE.get()


def catalog(language: str) -> Catalog:
    """The message catalog of ``language``, as its ``.po`` file holds it."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language.replace("-", "_"))


@memo("report.i18n.translations")
def _translations(language: str) -> gettext.NullTranslations:
    if language not in TRANSLATED_LANGUAGES:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog(language))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def N_(message: str) -> str:
    """Marks ``message`` as one to translate where it is
    written (in a table), without translating it."""
    return message


def _(message: str) -> str:
    """``message`` (an English sentence, the catalogs' ``msgid``) in the current language."""
    return _translations(_LANGUAGE.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence that fits ``count``, in the current language."""
    return _translations(_LANGUAGE.get()).ngettext(singular, plural, count)


def format_day(day: date, *, year: int | None = None) -> str:
    """A short date with its weekday: ``Thu 26 Nov``, ``Do., 26. Nov.``, ``11月26日(木)`` (with the
    year when it is not ``year``)."""
    language = _LANGUAGE.get()
    if language.startswith("en"):
        return english_day(day, year=year)
    skeleton = "MMMEd" if day.year == year else "yMMMEd"
    text = format_skeleton(skeleton, day, locale=language.replace("-", "_"))
    return text.replace(" 1 ", " 1er ", 1) if language == "fr" and day.day == 1 else text
