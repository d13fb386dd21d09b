"""The page's own words in every shipped language, from the message catalogs.

Each of the page's labels, buttons, headings and the sentences its script writes is an
English ``msgid`` here, translated by the same catalogs as the text output
(``engine/locale/<tag>/LC_MESSAGES/followup.po``); the phrases the text output already has
(what a step is for, "Call to ...", "New York time") are taken from there. The page gets
them all at once, per language, and its script writes them in the language of the plan
(the one chosen, else the employer's country's, as the engine decides). A sentence takes
its values by name (``{what}``), as in the catalogs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from ...report.i18n import N_, _, speaking
from ...report.text import phrase, zone_label
from ...spellings import COUNTRY_LANGUAGES, TRANSLATED_LANGUAGES
from ...vocabulary import PURPOSES
from ...zones import zone_country, zone_names

__all__ = ["LANGUAGE_NAMES", "PAGE_WORDS", "page_words"]

# The languages a visitor may choose, each named in itself (as a language menu names them).
LANGUAGE_NAMES = {"en-US": "English (US)", "en-GB": "English (UK)", "de": "Deutsch",
                  "fr": "Français", "es": "Español", "ja": "日本語", "pt-BR": "Português (Brasil)"}

# The page's words by key; the HTML names a key in ``data-words``, the script passes it to
# its ``say``.
PAGE_WORDS = {
    "title": N_("When to follow up after an interview"),
    "intro": N_("Enter your interview; get a plan you can put in your calendar: when to thank, "
                "when to ask, and when to move on."),
    "interview": N_("The interview"),
    "date": N_("Date"),
    "start": N_("Start time"),
    "timezone": N_("Employer's time zone"),
    "timezone_help": N_("Where the employer takes calls. Type a city to search, e.g. “New_York” "
                        "or “Berlin”."),
    "country": N_("Employer's country (for public holidays)"),
    "country_help": N_("A code such as US, GB, DE or with a region, US-NY. Empty: the country of "
                       "the time zone, where it has one. None: only weekends are days off."),
    "industry": N_("Industry"),
    "language": N_("Language"),
    "language_default": N_("The employer's country's language"),
    "language_help": N_("The language of this page, of the plan and of what to say."),
    "known": N_("What you know"),
    "purpose": N_("What to plan"),
    # The "What to plan" menu's items, one per purpose: short labels of their own, since a
    # purpose's phrase is written to follow "Call to" ("nach dem Stand zu fragen").
    "menu_thank_you": N_("Say thank you"),
    "menu_status": N_("Ask about the status"),
    "menu_feedback": N_("Ask for feedback"),
    "menu_competing_offer": N_("Mention a competing offer"),
    "menu_grievance": N_("Complain"),
    "whole": N_("The whole follow-up, step by step"),
    "promised": N_("They promised an answer by"),
    "offer": N_("Another offer expires on"),
    "traditional": N_("The employer is traditional (old-school)"),
    "heard_back": N_("They already answered"),
    "names": N_("Names for the drafts (optional)"),
    "candidate": N_("Your name"),
    "interviewer": N_("Interviewer"),
    "company": N_("Company"),
    "role": N_("Role"),
    "submit": N_("Plan my follow-up"),
    "plan": N_("Your plan"),
    "download": N_("Add the whole plan to your calendar"),
    "calendar_help": N_("The calendar file (.ics) holds a reminder at each step's best time still "
                        "ahead, with what to say."),
    "sources": N_("Sources"),
    # Written by the script.
    "your_time": N_("{time} your time"),
    "step": N_("Step {number}"),
    "step_email": N_("E-mail to {what}"),
    "step_none": N_("No contact to {what}"),
    "best": N_("Best time"),
    "also_good": N_("Also good: {times}"),
    "passed": N_("No good time is left for this step."),
    "passed_until": N_("No good time is left for this step: it could be done until {moment}."),
    "possible_until": N_("Possible until {moment}"),
    "possible": N_("Possible: {times}"),
    "say_call": N_("What to say on the call"),
    "the_email": N_("The e-mail"),
    "the_letter": N_("The letter"),
    "or_letter": N_("Or send a letter"),
    "why": N_("Why"),
    "decides": N_("Decides"),
    "forbids": N_("Rules out"),
    "favours": N_("For"),
    "disfavours": N_("Against"),
    "neutral": N_("Also"),
    "label": N_("{label}: "),
    "day_time": N_("{day}, {time}"),
    "beside": N_("{main} ({mine})"),
    "two_sentences": N_("{first} {second}"),
    "full_stop": N_("."),
    "subject": N_("Subject"),
    "opening": N_("Open"),
    "question": N_("Ask"),
    "close": N_("Close"),
    "copy": N_("Copy"),
    "copy_label": N_("Copy: {what}"),
    "copied": N_("Copied."),
    "select_to_copy": N_("Selected: press Ctrl+C (⌘C on a Mac) to copy."),
    "mail_app": N_("Open in your mail app"),
    "based_on": N_("Based on"),
    "source_number": N_("source {number}"),
    "add_to_calendar": N_("Add to calendar"),
    "add_label": N_("Add to calendar: {what}"),
    "wait_until": N_("Wait until {moment}"),
    "that_is": N_("That is {moment}."),
    "then": N_("Then {what}."),
    "now_good": N_("Now is a good moment: {what}"),
    "good_until": N_("Good until {time}."),
    "too_late": N_("Too late to follow up: move on"),
    "dont_contact": N_("Don't get in touch"),
    "as_of": N_("As of {moment}. Times are the employer's, {zone}."),
    "as_of_mine": N_("As of {moment}. Times are the employer's, {zone}, with yours beside them."),
    "move_on": N_("If you have heard nothing by {moment}, move on."),
    "unreachable": N_("The server could not be reached."),
    "server_failed": N_("The server could not plan this."),
    "server_status": N_("The server answered {status}."),
}
# Sentences the text output has already, by the same keys.
_TEXT_WORDS = {
    "call_to": "Call to {what}",
    "email_to": "Send an e-mail to {what}",
    "thank_you_email": "Send a thank-you e-mail",
    "no_contact_to": "Don't get in touch to {what}",
    "zone": "{place} time",
}


def page_words() -> dict[str, Any]:
    """What the page's script needs to speak: per language its words and what each purpose is
    (``{"words": {"de": {...}}, "phrases": {"de": {...}}}``), the languages to offer, and what
    the engine's default language is read from (each country's language, and the country of
    each time zone whose country has one)."""
    words: dict[str, dict[str, str]] = {}
    phrases: dict[str, dict[str, str]] = {}
    for language in ("en-US", *TRANSLATED_LANGUAGES):
        key = "en" if language == "en-US" else language
        with speaking(language):
            words[key] = {name: _(message)
                          for name, message in {**PAGE_WORDS, **_TEXT_WORDS}.items()}
            phrases[key] = {purpose: phrase(purpose) for purpose in PURPOSES}
    zones = {zone: country for zone in sorted(zone_names())
             if (country := zone_country(zone)) is not None and country in COUNTRY_LANGUAGES}
    return {"words": words, "phrases": phrases, "languages": LANGUAGE_NAMES,
            "country_languages": COUNTRY_LANGUAGES, "zone_countries": zones,
            "zone_labels": _zone_labels(words)}


def _zone_labels(words: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Per language, each zone's name as the text output writes it where that is not the page's
    own "{place} time" with the zone's English city (CLDR's 日本時間, São Paulo)."""
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    labels: dict[str, dict[str, str]] = {}
    for language in TRANSLATED_LANGUAGES:
        with speaking(language):
            own = {}
            for zone in sorted(zone_names()):
                if "/" not in zone or zone.startswith("Etc/"):
                    continue
                said = zone_label(zone, ZoneInfo(zone), moment)
                place = zone.rsplit("/", 1)[1].replace("_", " ")
                if said != words[language]["zone"].format(place=place):
                    own[zone] = said
        labels[language] = own
    return labels
