"""A plan's drafts filled in: placeholders replaced by words that fit their place, in one pass.

Substitution is logic-less: a ``{name}`` from :data:`engine.placeholders.PLACEHOLDERS` is
replaced, in one pass, by plain text, and nothing else in a template or in a value has
any meaning (``{{7*7}}``, ``${x}``, ``%s`` stay as they are). What a placeholder becomes
fits its place in a sentence: the role is a noun phrase ("the data analyst role"), the
interviewer is greeted in a whole line ("Dear Ms Rivera,"; "Hi Sam," only to a plain
name in an informal draft), a call opens by saying who is calling, and a promised date or
an offer's deadline is seen from the moment the step is done ("today", "tomorrow",
"Friday"). A name the situation lacks gets a stand-in that reads naturally ("Dear Hiring
Manager,", "the position"). The template's own words are spelt in the plan's language
variant (:mod:`engine.report.variants`); the situation's names are left as given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..language.model import Draft
from ..placeholders import PLACEHOLDERS
from ..plan import Plan, Step
from .variants import is_english, language_of, long_day, respell, weekday_name
from .words import DAY_NAMES

__all__ = ["FOREIGN_STAND_INS", "STAND_INS", "day_seen_back", "draft_dict", "fill",
           "foreign_greeting",
           "foreign_introduction", "foreign_role", "greeting", "has_honorific", "has_language",
           "placeholder_values", "relative_day", "role_phrase"]

# Only the listed names, so nothing else between braces can ever be replaced.
_PLACEHOLDER = re.compile(r"\{(" + "|".join(map(re.escape, PLACEHOLDERS)) + r")\}")
_BLANK_LINES = re.compile(r"\n{3,}")
_DATE_PLACEHOLDERS = ("interview_date", "promised_date", "offer_deadline", "on_interview_day")
# What a name becomes when the situation does not give it (in British spelling: the
# variant's spelling is applied to it as to the template).
STAND_INS = {
    "candidate": "",
    "interviewer": "the hiring manager",
    "company": "your organisation",
    "the_role": "the position",
    "promised_date": "the date you mentioned",
    "offer_deadline": "its deadline",
}
# Words that make a role title a noun phrase of its own ("the data analyst position"); a
# title without one gets "role" ("the data analyst role").
_ROLE_NOUNS = frozenset({
    "role", "position", "post", "job", "vacancy", "opening", "internship", "fellowship",
    "traineeship",
    "apprenticeship", "clerkship", "residency", "placement", "assignment", "contract",
    "opportunity", "chair", "professorship", "lectureship", "studentship", "secondment", "seat",
})
# Titles and honorifics that, written before a name, make
# it formal: "Dear Herr Huber", never "Hi Herr Huber".
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend",
    "judge", "justice", "herr", "frau", "monsieur", "madame", "mademoiselle", "m", "mme", "mlle",
    "señor",
    "señora", "señorita", "senor", "senora", "sr", "sra", "srta", "don", "doña", "dona", "signor",
    "signora",
    "sig", "dott", "dottssa", "ing", "heer", "mevrouw", "dhr", "mevr", "pan", "pani", "senhor",
    "senhora",
    "captain", "colonel", "major", "general", "admiral", "commander", "sheikh", "shri", "smt",
    "hon", "dra", "doctor", "doctora",
})
# Honorifics written after a name: Tanaka-san, Kim-nim, Sharma-ji.
_AFTER = ("san", "sama", "sensei", "shi", "dono", "nim", "ji", "ssi")


def has_honorific(name: str) -> bool:
    """Whether a name is given with a title or honorific
    ("Herr Huber", "Dr. Okafor", "Tanaka-san")."""
    words = name.split()
    first = words[0].lower().replace(".", "") if words else ""
    if first in _TITLES and len(words) > 1:
        return True
    last = words[-1].lower() if words else ""
    return any(last.endswith("-" + honorific) for honorific in _AFTER) or (
        len(words) > 1 and last in ("san", "sama", "sensei", "ji", "nim"))


def greeting(name: str | None, *, casual: bool) -> str:
    """The line that greets the interviewer: formal, or casual where a plain name allows it."""
    if not name:
        return "Hello," if casual else "Dear Hiring Manager,"
    if casual and not has_honorific(name):
        return f"Hi {name},"
    return f"Dear {name},"


def role_phrase(role: str | None) -> str:
    """The role as a noun phrase: "the data analyst role", "the
    position of auditor"; without one, "the position"."""
    if not role:
        return STAND_INS["the_role"]
    words = role.split()
    if words[0].lower() in ("a", "an", "the") and len(words) > 1:
        words = words[1:]
    head, last = words[0].lower(), words[-1].lower().strip(".,;:()")
    if last in _ROLE_NOUNS or head in _ROLE_NOUNS:
        return "the " + " ".join(words)
    return f"the {' '.join(words)} role"


# Per language other than English, how a draft names a day seen from the day of sending:
# today, tomorrow, yesterday, a weekday close by, a date further off (``{}``: the weekday's
# or the date's words), and the words that say a past event happened on that day.
_DAY_WORDS: dict[str, tuple[str, str, str, str, str]] = {
    "de": ("heute", "morgen", "gestern", "{}", "{}"),
    "fr": ("aujourd'hui", "demain", "hier", "{}", "le {}"),
    "es": ("hoy", "mañana", "ayer", "el {}", "el {}"),
    "ja": ("本日", "明日", "昨日", "{}", "{}"),
    "pt-BR": ("hoje", "amanhã", "ontem", "{}", "{}"),
}


def _day_words(language: str) -> tuple[str, str, str, str, str]:
    return _DAY_WORDS.get(language, ("today", "tomorrow", "yesterday", "{}", "{}"))


def relative_day(day: date, at: date, language: str, year: int) -> str:
    """A date seen from the day a message is sent: today, tomorrow, a weekday within the
    coming week, else the date itself (a date already past is always written in full)."""
    today, tomorrow, _, weekday, full = _day_words(language)
    ahead = (day - at).days
    if ahead == 0:
        return "ce soir" if language == "fr" else today
    if ahead == 1:
        return tomorrow
    if 1 < ahead < 7 and language != "ja":
        return weekday.format(weekday_name(day, language))
    return full.format(long_day(day, language, year=year))


def day_seen_back(day: date, at: date, language: str, year: int) -> str:
    """A day already past seen from the day a message is sent: today, yesterday, a weekday within
    the past week, else the date itself."""
    today, _, yesterday, weekday, full = _day_words(language)
    back = (at - day).days
    if back == 0:
        return today
    if back == 1:
        return yesterday
    if 1 < back < 7 and language != "ja":
        return weekday.format(weekday_name(day, language))
    return full.format(long_day(day, language, year=year))


def _on_day(day: date, words: str, language: str) -> str:
    """"on Tuesday", "am Dienstag", "na terça-feira": a past
    event placed on a day (today and yesterday as they are)."""
    today, _, yesterday, _, _ = _day_words(language)
    if words in (today, yesterday):
        return words
    if language == "de":
        return "am " + words
    if language == "pt-BR":
        return ("no " if day.weekday() >= 5 else "na ") + words
    if language in ("fr", "es", "ja"):
        return words
    return "on " + words


def _sent_on(plan: Plan, step: Step | None) -> date:
    """The day a step's message goes out: its best time, else the moment planned at."""
    if step is not None and step.best:
        return step.best[0].start.date()
    return plan.verdict.at.astimezone(plan.situation.zone).date()


# What a name the situation lacks becomes, per language other than English (each fits the
# place its language's drafts give it: German writes "bei {company}", French "chez {company}",
# Spanish "en {company}", Portuguese "na {company}", Japanese "{company}の").
FOREIGN_STAND_INS: dict[str, dict[str, str]] = {
    "de": {"interviewer": "", "company": "Ihnen", "the_role": "die Stelle",
           "promised_date": "zum genannten Termin", "offer_deadline": "zu einem festen Termin"},
    "fr": {"interviewer": "", "company": "vous", "the_role": "le poste",
           "promised_date": "la date annoncée", "offer_deadline": "son échéance"},
    "es": {"interviewer": "", "company": "su empresa", "the_role": "el puesto",
           "promised_date": "la fecha indicada",
           "offer_deadline": "en la fecha que me han indicado"},
    "ja": {"interviewer": "", "company": "貴社", "the_role": "募集中のポジション",
           "promised_date": "ご提示いただいた期日", "offer_deadline": "先方の期限"},
    "pt-BR": {"interviewer": "", "company": "sua empresa", "the_role": "a vaga",
              "promised_date": "a data mencionada", "offer_deadline": "o prazo"},
}
# Titles written before a name per language, and the greeting each asks for: the
# grammatical gender of a greeting is only ever the title's, never guessed from a name.
_GENDERED = {
    "de": {"frau": "Sehr geehrte", "herr": "Sehr geehrter"},
    "es": {"sra": "Estimada", "sra.": "Estimada", "señora": "Estimada", "srta": "Estimada",
           "srta.": "Estimada",
           "sr": "Estimado", "sr.": "Estimado", "señor": "Estimado", "dra": "Estimada",
           "dra.": "Estimada",
           "doctora": "Estimada", "doña": "Estimada", "don": "Estimado", "doctor": "Estimado"},
    "pt-BR": {"sra": "Prezada", "sra.": "Prezada", "senhora": "Prezada", "dra": "Prezada",
              "dra.": "Prezada",
              "dr": "Prezado", "dr.": "Prezado", "sr": "Prezado", "sr.": "Prezado",
              "senhor": "Prezado"},
}
# How a French greeting writes a title given before a name: in full, and in French.
_FRENCH_TITLES = {"mme": "Madame", "madame": "Madame", "mlle": "Madame", "mademoiselle": "Madame",
                  "mrs": "Madame",
                  "ms": "Madame", "miss": "Madame", "m": "Monsieur", "monsieur": "Monsieur",
                  "mr": "Monsieur"}
_JAPANESE_HONORIFICS = ("-sama", "-san", "様", "さん", "殿")


def _japanese_name(name: str) -> str:
    """The name as a Japanese letter addresses it: as given (family name first, as it is written),
    with 様 in place of a title or honorific ("Ms Rivera" and "Tanaka-san" become "Rivera様",
    "Tanaka様")."""
    words = name.split()
    if len(words) > 1 and words[0].lower().replace(".", "") in _TITLES:
        name = " ".join(words[1:])
    for honorific in _JAPANESE_HONORIFICS:
        if name.endswith(honorific) and len(name) > len(honorific):
            name = name[:-len(honorific)].rstrip()
            break
    return f"{name}様"


def foreign_greeting(name: str | None, language: str, *, casual: bool) -> str:
    """The greeting line in a language other than English, in the register its letters use."""
    title = name.split()[0].lower() if name and len(name.split()) > 1 else ""
    if language == "ja":
        if not name:
            return "採用ご担当者様"
        return _japanese_name(name)
    if language == "de":
        if not name:
            return "Hallo," if casual else "Sehr geehrte Damen und Herren,"
        if casual and not has_honorific(name):
            return f"Hallo {name},"
        opening = _GENDERED["de"].get(title, "Guten Tag")
        return f"{opening} {name},"
    if language == "fr":
        if not name:
            return "Bonjour," if casual else "Madame, Monsieur,"
        words = name.split()
        civility = _FRENCH_TITLES.get(title.replace(".", "")) if len(words) > 1 else None
        return f"Bonjour {civility} {' '.join(words[1:])}," if civility else f"Bonjour {name},"
    if language == "es":
        if not name:
            return "Hola:" if casual else "Estimado/a responsable de selección:"
        if casual and not has_honorific(name):
            return f"Hola, {name}:"
        return f"{_GENDERED['es'].get(title, 'Buenos días,')} {name}:"
    if not name:  # pt-BR
        return "Olá," if casual else "Prezada equipe de recrutamento,"
    if casual and not has_honorific(name):
        return f"Olá, {name},"
    return f"{_GENDERED['pt-BR'].get(title, 'Prezado(a)')} {name},"


def foreign_introduction(candidate: str | None, language: str, hour: int | None = None) -> str:
    """How a call opens, saying who is calling, in a language other than English; ``hour`` is the
    employer's hour the call is made at, where known (Spanish says "buenas tardes" from 14:00,
    when the day's afternoon begins with lunch)."""
    afternoon = language == "es" and hour is not None and hour >= 14
    opening = {"de": ("Guten Tag, hier spricht {}.", "Guten Tag."),
               "fr": ("Bonjour, {} à l'appareil.", "Bonjour."),
               "es": ("Buenas tardes, le habla {}.", "Buenas tardes.") if afternoon else
                     ("Buenos días, le habla {}.", "Buenos días."),
               "ja": ("お忙しいところ恐れ入ります。{}と申します。", "お忙しいところ恐れ入ります。"),
               "pt-BR": ("Olá, meu nome é {}.", "Olá.")}[language]
    return opening[0].format(candidate) if candidate else opening[1]


_VOWELS = tuple("aeiouhàâéèêëîïôûAEIOUÀÂÉÈÊËÎÏÔÛ")


def foreign_role(role: str, language: str) -> str:
    """The role as a noun phrase in a language other than English:
    "die Stelle als Analyst", "le poste d'analyste"."""
    if language == "de":
        return f"die Stelle als {role}"
    if language == "fr":
        return f"le poste d'{role}" if role.startswith(_VOWELS) else f"le poste de {role}"
    if language == "es":
        return f"el puesto de {role}"
    if language == "ja":
        return f"{role}のポジション"
    return f"a vaga de {role}"


def placeholder_values(plan: Plan, step: Step | None = None) -> dict[str, str]:
    """Every placeholder's text for this plan and the step
    whose draft it fills, in the plan's language."""
    situation = plan.situation
    language = language_of(situation)
    if not is_english(language):
        return _foreign_values(plan, step, language)
    year = situation.interview.year
    day = situation.interview.date()
    at = _sent_on(plan, step)
    promised, deadline = situation.promised_reply_by, situation.competing_offer_deadline
    given = {
        "candidate": situation.candidate,
        "interviewer": situation.interviewer,
        "company": situation.company,
        "the_role": role_phrase(situation.role) if situation.role else None,
        "promised_date": relative_day(promised, at, language, year) if promised else None,
        "offer_deadline": relative_day(deadline, at, language, year) if deadline else None,
    }
    values = {name: value if value else respell(STAND_INS[name], language)
              for name, value in given.items()}
    values["role"] = situation.role or values["the_role"]
    values["greeting"] = greeting(situation.interviewer, casual=False)
    values["casual_greeting"] = greeting(situation.interviewer, casual=True)
    values["introduction"] = (f"Hello, this is {situation.candidate}." if situation.candidate
                              else "Hello.")
    values["interview_weekday"] = DAY_NAMES[day.weekday()]
    values["interview_day"] = day_seen_back(day, at, language, year)
    values["on_interview_day"] = _on_day(day, values["interview_day"], language)
    values["interview_date"] = long_day(day, language, year=year)
    return values


def _foreign_values(plan: Plan, step: Step | None, language: str) -> dict[str, str]:
    """The placeholders' text in a language other than English (one table per language above)."""
    situation = plan.situation
    year = situation.interview.year
    day = situation.interview.date()
    at = _sent_on(plan, step)
    promised, deadline = situation.promised_reply_by, situation.competing_offer_deadline
    stand_ins = FOREIGN_STAND_INS[language]
    given = {
        "candidate": situation.candidate,
        "interviewer": situation.interviewer,
        "company": situation.company,
        "the_role": foreign_role(situation.role, language) if situation.role else None,
        "promised_date": relative_day(promised, at, language, year) if promised else None,
        "offer_deadline": relative_day(deadline, at, language, year) if deadline else None,
    }
    values = {name: value if value else stand_ins.get(name, "") for name, value in given.items()}
    values["role"] = situation.role or values["the_role"]
    values["greeting"] = foreign_greeting(situation.interviewer, language, casual=False)
    values["casual_greeting"] = foreign_greeting(situation.interviewer, language, casual=True)
    hour = (step.best[0].start.astimezone(situation.zone).hour if step is not None and step.best
            else None)
    values["introduction"] = foreign_introduction(situation.candidate, language, hour)
    values["interview_weekday"] = weekday_name(day, language)
    values["interview_day"] = day_seen_back(day, at, language, year)
    values["on_interview_day"] = _on_day(day, values["interview_day"], language)
    values["interview_date"] = long_day(day, language, year=year)
    return values


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced by text;
    a line left empty by a missing name is dropped."""
    text = _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _dates_closed(text: str, values: Mapping[str, str]) -> str:
    """American English closes a date written with its weekday by a comma when the sentence goes on
    ("on Tuesday, November 17, to talk about"): added after each filled date that needs one."""
    for name in _DATE_PLACEHOLDERS:
        value = values.get(name, "")
        if ", " in value:
            text = _comma_after(text, value)
    return text


def _comma_after(text: str, value: str) -> str:
    """``text`` with a comma after each ``value`` that
    a space and a lower-case letter (a-z) follow."""
    found = text.find(value)
    if found < 0:
        return text
    pieces: list[str] = []
    start = 0
    while found >= 0:
        end = found + len(value)
        if text[end:end + 1] == " " and text[end + 1:end + 2] in _LOWER:
            pieces += (text[start:end], ",")
            start = end
            found = text.find(value, end)
        else:
            found = text.find(value, found + 1)
    return "".join(pieces) + text[start:]


_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


# The English a draft is shown in where it lacks the plan's language.
ENGLISH_OF = {"pt-BR": "en-US", "es": "en-US", "ja": "en-US", "de": "en-GB", "fr": "en-GB"}


def has_language(plan: Plan, draft: Draft) -> bool:
    """Whether ``draft`` is written in the plan's language."""
    return draft.parts_in(language_of(plan.situation)) is not None


def draft_dict(plan: Plan, draft: Draft, step: Step | None = None) -> dict[str, Any]:
    """A draft as the plan's JSON holds it: where it comes from, its channel and language, its
    filled parts.

    ``step`` is the step the draft is for: its best time is when the message is sent, from
    which a date reads "today" or "tomorrow" (without one, the moment planned at).
    """
    values = placeholder_values(plan, step)
    language = language_of(plan.situation)
    parts = draft.parts_in(language)
    if parts is None:  # a draft not written in the plan's language: its English, said so
        language, parts = ENGLISH_OF.get(language, "en-US"), draft.parts
    data: dict[str, Any] = {"id": draft.id, "profile": draft.profile, "channel": draft.channel,
                            "language": language}
    for part, text in parts:
        filled = fill(respell(text, language), values)
        data[part] = _dates_closed(filled, values) if language in ("en-US", "pt-BR") else filled
    if draft.why is not None:
        data["why"] = respell(draft.why, language)
    data["sources"] = [plan.profile.sources[key].to_dict() for key in draft.sources
                       if key in plan.profile.sources]
    return data
