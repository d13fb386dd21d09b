"""What a careers coach checks in a plan's drafts before a candidate sends them as written.

:func:`draft_problems` reads the drafts of a real plan, as its JSON gives them, and says
what a coach would correct: a call that does not say who is calling, a role pasted in
bare, a thank-you or status message that does not name the company, a status message
after a promise that ignores it, a first choice claimed that the situation does not
claim, a leftover placeholder or stand-in ("Hi Hiring Manager,", "this is ,"), a weekday
that is not its date's, the other variant's spelling or dates. Its word lists are its
own, short and written for the check, so that it does not read the engine's tables back.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from ..plan import Plan
from ..report.variants import zone_country
from ..spellings import BRITISH_ENGLISH_COUNTRIES, COUNTRY_LANGUAGES

__all__ = ["draft_problems", "expected_language"]

_PARTS = ("subject", "body", "opening", "question", "close")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAY = "(" + "|".join(_DAYS) + ")"
_MONTH = "(" + "|".join(_MONTHS) + ")"
_BRITISH_DATE = re.compile(_DAY + r" ([0-9]{1,2}) " + _MONTH + r"(?: ([0-9]{4}))?")
_AMERICAN_DATE = re.compile(_DAY + r", " + _MONTH + r" ([0-9]{1,2})(?:, ([0-9]{4}))?")
# A few words each variant spells its own way, both ways round.
_BRITISH = ("licence", "candour", "organise", "organised", "organisation", "favour", "honour",
            "behaviour",
            "colour", "centre", "programme", "paediatric", "analyse", "realise", "recognise",
            "apologise",
            "specialise", "prioritise", "enrol", "catalogue", "defence", "sceptical", "travelling",
            "cancelled", "practise", "practised", "practising")
_AMERICAN = ("license", "candor", "organize", "organized", "organization", "favor", "honor",
             "behavior", "color",
             "center", "pediatric", "analyze", "realize", "recognize", "apologize", "specialize",
             "prioritize", "enroll", "catalog", "defense", "skeptical", "traveling", "canceled")
_WORDS = {"en-GB": re.compile(r"\b(" + "|".join(_AMERICAN) + r")\b", re.IGNORECASE),
          "en-US": re.compile(r"\b(" + "|".join(_BRITISH) + r")\b", re.IGNORECASE)}
# Stand-ins and joins that give away a missing name or a template.
_ARTEFACTS = re.compile(r"Hi Hiring Manager|Hi the hiring manager|Dear the hiring manager|Dear "
                        r",|Hi ,|Hello ,|"
                        r"this is ,|this is \.|this is;|  | ,| \.|\.\.|,,|\bthe the\b|\ba "
                        r"the\b|\bthe a\b|"
                        r"\{[A-Za-z_]*\}")
# Written before or after a name, a title makes "Hi" too familiar.
_TITLED = re.compile(r"^(Mr|Mrs|Ms|Dr|Prof|Herr|Frau|Monsieur|Madame|Señor|Señora)\.? "
                     r"|-(san|sama|sensei)$")
_ROLE_WORDS = ("role", "position", "post", "job", "vacancy", "internship", "fellowship",
               "clerkship", "residency",
               "placement", "opening", "traineeship", "apprenticeship", "lectureship",
               "professorship", "seat")
_NAMES = ("candidate", "interviewer", "company", "role")


# Per language other than English, as a coach checks it: the words for today and tomorrow,
# the weekdays (Monday first), the months, how a date names its day and month, the words
# that claim a first choice, and English that gives away an untranslated text.
_FOREIGN: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]] = {
    "de": (("heute", "morgen"),
           ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
           ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"), "{day}. {month}", "erste Wahl"),
    "fr": (("aujourd'hui", "demain"),
           ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
           ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"), "{day} {month}", "premier choix"),
    "es": (("hoy", "mañana"),
           ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
           ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
            "octubre", "noviembre", "diciembre"), "{day} de {month}", "primera opción"),
    "ja": (("本日", "明日"), ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
           tuple(f"{number}月" for number in range(1, 13)), "{month}{day}日", "第一志望"),
    "pt-BR": (("hoje", "amanhã"),
              ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
                                   "sábado", "domingo"),
              ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
               "setembro", "outubro",
               "novembro", "dezembro"), "{day} de {month}", "primeira opção"),
}
_ENGLISH_LEFT = re.compile(r"\b(the|and|your|Dear|Thank you|Hello|Hi)\b")


def expected_language(plan: Plan) -> str:
    """The language a plan's drafts are due in: the situation's (plain ``en``: the English of
    the employer's country), else the employer's country's, else its English."""
    situation = plan.situation
    if situation.language in _FOREIGN or situation.language in ("en-US", "en-GB"):
        return situation.language
    country = situation.country or zone_country(situation.zone_name)
    if situation.language is None and COUNTRY_LANGUAGES.get(country or "") in _FOREIGN:
        return COUNTRY_LANGUAGES[country or ""]
    return "en-GB" if country in BRITISH_ENGLISH_COUNTRIES else "en-US"


def _foreign_mentions(language: str, day: date, sent: date) -> tuple[str, ...]:
    today, days, months, pattern, _ = _FOREIGN[language]
    mentions = [pattern.format(day=day.day, month=months[day.month - 1])]
    if day == sent:
        mentions.append(today[0])
    elif day == sent + timedelta(days=1):
        mentions.append(today[1])
    elif sent < day < sent + timedelta(days=7):
        mentions.append(days[day.weekday()])
    return tuple(mentions)


def _foreign_checks(step: dict[str, Any], draft: dict[str, Any], texts: dict[str, str], whole: str,
                    own: str, names: dict[str, str], language: str, sent: date, first_choice: bool,
                    promised: date | None) -> list[str]:
    """A coach's checks of a draft in a language other than English."""
    found = []
    if draft.get("language") != language:
        found.append(f"written in {draft.get('language')}, due in {language}")
    for artefact in sorted(set(re.findall(r"\{[A-Za-z_]*\}|  |,,|\.\.| ,| \.", own))):
        found.append(f"reads {artefact!r}")
    for word in sorted(set(_ENGLISH_LEFT.findall(own))):
        found.append(f"English left: {word!r}")
    if draft["channel"] == "call" and "candidate" in names and names["candidate"] not in texts.get(
            "opening", ""):
        found.append(f"the call does not open by saying who is calling ({names['candidate']!r})")
    if "role" in names and names["role"] not in whole:
        found.append(f"the role ({names['role']!r}) is not named")
    # A Japanese letter names the company it is written to 貴社, and a call says 御社 or,
    # speaking to the company itself, no name at all.
    named = names.get("company", "") in whole or (language == "ja" and (
        "貴社" in whole or "御社" in whole or draft["channel"] == "call"))
    if "company" in names and step["purpose"] in ("thank_you", "status") and not named:
        found.append(f"the company ({names['company']!r}) is not named")
    if step["purpose"] == "status" and promised is not None \
            and not any(mention in own for mention in _foreign_mentions(language, promised, sent)):
        found.append(f"the promise of a reply by {promised.isoformat()} is not named")
    if not first_choice and _FOREIGN[language][4] in own:
        found.append("claims a first choice the situation does not")
    return found


def _texts(draft: dict[str, Any]) -> dict[str, str]:
    return {part: str(draft[part]) for part in _PARTS if part in draft}


def _without_names(text: str, names: dict[str, str]) -> str:
    """The draft's own words: every name the situation gave replaced by a neutral word."""
    for value in sorted(names.values(), key=len, reverse=True):
        text = text.replace(value, "Name")
    return text


def _bare_role(text: str, role: str) -> bool:
    """Whether the role's title appears other than inside
    "the ... role" (or the title's own noun phrase)."""
    core = re.sub(r"^(a|an|the) ", "", role, flags=re.IGNORECASE)
    own_noun = any(
        word.lower().strip(".,;:()") in _ROLE_WORDS for word in (core.split()[0], core.split()[-1]))
    for match in re.finditer(re.escape(core), text):
        before, after = text[:match.start()], text[match.end():]
        if not before.endswith("the "):
            return True
        if not own_noun and not re.match(r" (" + "|".join(_ROLE_WORDS) + r")\b", after):
            return True
    return False


def _date_mentions(day: date, sent: date) -> tuple[str, ...]:
    """The ways a draft may name ``day`` when sent on ``sent``."""
    mentions = [f"{day.day} {_MONTHS[day.month - 1]}", f"{_MONTHS[day.month - 1]} {day.day}"]
    if day == sent:
        mentions.append("today")
    elif day == sent + timedelta(days=1):
        mentions.append("tomorrow")
    elif sent < day < sent + timedelta(days=7):
        mentions.append(_DAYS[day.weekday()])
    return tuple(mentions)


def _weekdays(text: str, year: int) -> list[str]:
    """Weekday names that are not their date's (the year, when not written, is the interview's)."""
    wrong = []
    for pattern, month_at, day_at in ((_BRITISH_DATE, 3, 2), (_AMERICAN_DATE, 2, 3)):
        for match in pattern.finditer(text):
            when_year = int(match.group(4)) if match.group(4) else year
            try:
                when = date(when_year, _MONTHS.index(match.group(month_at)) + 1,
                            int(match.group(day_at)))
            except ValueError:
                wrong.append(f"{match.group(0)!r} is no date")
                continue
            if _DAYS[when.weekday()] != match.group(1):
                wrong.append(f"{match.group(0)!r} is a {_DAYS[when.weekday()]}")
    return wrong


def _base(tag: str) -> str:
    """A language tag without its region: en-GB and en-US are both English."""
    return tag.split("-")[0].lower()


def draft_problems(plan: Plan) -> list[str]:
    """What a careers coach would correct in the plan's drafts before they are sent as written."""
    situation = plan.situation
    names = {name: getattr(situation, name) for name in _NAMES if getattr(situation, name)}
    language = expected_language(plan)
    problems: list[str] = []
    for step in plan.to_dict()["steps"]:
        sent = date.fromisoformat((step["best"][0]["start"] if step["best"]
                                   else plan.verdict.at.astimezone(
            situation.zone).isoformat())[:10])
        for key in ("draft", "alternative"):
            draft = step.get(key)
            if not draft:
                continue
            label = f"{step['purpose']}: draft {draft['id']} ({draft['channel']})"
            texts = _texts(draft)
            whole = "\n".join(texts.values())
            own = _without_names(whole, names)
            # A profile may be written in fewer languages than its employers speak (a user's, in
            # English only): its draft is then shown as written, and checked in its own language.
            # Every bundled draft is written in every shipped language (tests/test_languages.py).
            written = str(draft.get("language") or language)
            language_here = written if _base(written) != _base(language) else language
            if language_here in _FOREIGN:
                problems += [f"{label}: {problem}" for problem in _foreign_checks(
                    step, draft, texts, whole, own, names, language_here, sent,
                    situation.first_choice, situation.promised_reply_by)]
                continue
            problems += [f"{label}: {problem}" for problem in _draft_checks(
                step, draft, texts, whole, own, names, language_here, sent,
                situation.interview.year, situation.first_choice, situation.promised_reply_by)]
    return problems


def _draft_checks(step: dict[str, Any], draft: dict[str, Any], texts: dict[str, str], whole: str,
                  own: str,
                  names: dict[str, str], language: str, sent: date, year: int, first_choice: bool,
                  promised: date | None) -> list[str]:
    found = []
    if draft.get("language") != language:
        found.append(f"written in {draft.get('language')}, due in {language}")
    for artefact in sorted(set(_ARTEFACTS.findall(own))):
        found.append(f"reads {artefact!r}")
    if draft["channel"] == "call" and "candidate" in names and names["candidate"] not in texts.get(
            "opening", ""):
        found.append(f"the call does not open by saying who is calling ({names['candidate']!r})")
    if "role" in names and _bare_role(whole, names["role"]):
        found.append(f"the role is pasted in bare: {names['role']!r} outside 'the ... role'")
    if "company" in names and step["purpose"] in ("thank_you",
                                                  "status") and names["company"] not in whole:
        found.append(f"the company ({names['company']!r}) is not named")
    if step["purpose"] == "status" and promised is not None \
            and not any(mention in own for mention in _date_mentions(promised, sent)):
        found.append(f"the promise of a reply by {promised.isoformat()} is not named")
    if not first_choice and re.search(r"first choice", own, re.IGNORECASE):
        found.append("claims a first choice the situation does not")
    interviewer = names.get("interviewer")
    if interviewer and _TITLED.search(interviewer) and f"Hi {interviewer}" in whole:
        found.append(f"'Hi {interviewer}': a name given with a title is greeted 'Dear'")
    found += _weekdays(own, year)
    for word in sorted({match.lower() for match in _WORDS[language].findall(own)}):
        found.append(f"{word!r} is not {language} spelling")
    other = _AMERICAN_DATE if language == "en-GB" else _BRITISH_DATE
    for match in other.finditer(own):
        found.append(f"{match.group(0)!r} is not how {language} writes a date")
    return found
