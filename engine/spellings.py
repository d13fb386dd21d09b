"""The languages a plan is written in; how a situation spells its dates, times and countries."""

from __future__ import annotations

__all__ = ["BRITISH_ENGLISH_COUNTRIES", "COUNTRY_LANGUAGES", "COUNTRY_SPELLING",
           "COUNTRY_VARIANTS", "DATETIME_SPELLING", "DATETIME_WITH_OFFSET_SPELLING",
           "DATE_SPELLING", "DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_ALIASES", "NO_COUNTRY",
           "OFFSET_SPELLING", "PLAN_COUNTRY_SPELLING", "TRANSLATED_LANGUAGES", "YEARS"]

# The language tags a situation may give (BCP 47, read without regard to case). A tag of
# COUNTRY_VARIANTS names a language whose written variant the employer's country chooses;
# the others are the variants drafts are written in. A tag of LANGUAGE_ALIASES stands for
# the one written (plain "pt" is Brazilian Portuguese, the only Portuguese shipped). A
# situation without a tag gets the language of its employer's country (COUNTRY_LANGUAGES),
# else DEFAULT_LANGUAGE. British English is written in the United Kingdom, Ireland and the
# Commonwealth countries whose institutions follow its spelling; American English
# everywhere else that English is used.
LANGUAGES: dict[str, str] = {
    "en": "English, in the variant of the employer's country",
    "en-US": "American English",
    "en-GB": "British English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ja": "Japanese",
    "pt-BR": "Brazilian Portuguese",
    "pt": "Portuguese: Brazilian Portuguese",
}
LANGUAGE_ALIASES: dict[str, str] = {"pt": "pt-BR"}
# The languages other than English that drafts and the text output are written in: each
# draft of `core` and `general` has a translation in each, and each has a message catalog
# (engine/locale/<tag>/LC_MESSAGES/followup.po).
TRANSLATED_LANGUAGES = ("de", "fr", "es", "ja", "pt-BR")
DEFAULT_LANGUAGE = "en"
BRITISH_ENGLISH_COUNTRIES = frozenset({
    "GB", "IE", "IN", "AU", "NZ", "ZA", "SG", "MY", "HK", "PK", "BD", "LK", "NG", "GH", "KE", "UG",
    "TZ", "ZM", "ZW", "BW", "NA", "MW", "MT", "CY", "JM", "TT", "BB", "BS", "BZ", "GY", "MU", "FJ",
    "PG", "SL", "GM", "GI", "IM", "JE", "GG",
})
# Per tag of a language with country variants: the
# variant for the listed countries, and the one elsewhere.
COUNTRY_VARIANTS: dict[str, tuple[str, frozenset[str], str]] = {
    "en": ("en-GB", BRITISH_ENGLISH_COUNTRIES, "en-US"),
}
_SPANISH_COUNTRIES = ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN",
                      "PY", "SV", "NI", "CR", "PA", "UY", "GQ")


# The language a plan is written in when the situation names none: the employer's
# country's (Switzerland and Belgium have several; German and French are chosen where
# most of their employers write them). Any other country gets English in its variant.
COUNTRY_LANGUAGES: dict[str, str] = {
    "DE": "de", "AT": "de", "CH": "de", "LI": "de",
    "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr",
    **dict.fromkeys(_SPANISH_COUNTRIES, "es"),
    "JP": "ja",
    "BR": "pt-BR",
}
# How a situation spells its dates, date-times and place. The situation schema's patterns
# and the parser (engine.situation, with fullmatch) are built from these, so a
# text passes both or neither. They read the same in Python's ``re`` and in ECMA-262
# (JSON Schema): ASCII classes only, never ``\d`` (any Unicode digit in Python).
YEARS = (1900, 2200)
_YEAR = "(19[0-9]{2}|2[01][0-9]{2}|2200)"
DATE_SPELLING = _YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
# To the minute, or the second with up to six decimals (only a point: ISO's comma is not
# read by every parser).
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?"
# Z, or +HH:MM with the colon; +HH:MM:SS for the local mean times of old dates.
OFFSET_SPELLING = "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)"
DATETIME_SPELLING = DATE_SPELLING + "T" + _TIME + OFFSET_SPELLING + "?"
DATETIME_WITH_OFFSET_SPELLING = DATE_SPELLING + "T" + _TIME + OFFSET_SPELLING
# An ISO 3166 code (alpha-2 or alpha-3, any case), then a subdivision: its code or a name
# the holidays package knows for it; or ``none`` (any case): weekends only, no holidays.
NO_COUNTRY = "none"
COUNTRY_SPELLING = "([Nn][Oo][Nn][Ee]|[A-Za-z]{2,3}(-[A-Za-z0-9 ]{1,40})?)"
# The country as a plan echoes it: the alpha-2 code, and the subdivision's code (or the
# calendar's own name for a region without one, such as DE-Augsburg); or ``none``.
PLAN_COUNTRY_SPELLING = "(none|[A-Z]{2}(-[A-Za-z0-9 ]{1,40})?)"
