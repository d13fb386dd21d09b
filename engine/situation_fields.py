"""The situation's fields, each declared once: what it is, how it is written, where it is asked.

A field's entry gives its kind (which decides how it is read and echoed), its JSON Schema
fragment in the situation schema and in the plan's echo of the situation, its option of
``followup advise``, its place and label on the page, and the values the property tests
draw for it. The parser's list of fields, ``Situation.to_dict``, both shipped schemas,
the command's options, the page's form and :mod:`engine.testing.strategies` derive from
this table (docs/architecture.md, "Adding a situation field").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .spellings import COUNTRY_SPELLING, LANGUAGES, PLAN_COUNTRY_SPELLING
from .vocabulary import PURPOSES

__all__ = ["FIELD_NAMES", "PAGE_SECTIONS", "SITUATION_FIELDS", "TEXT_LIMIT", "Option", "PageField",
           "Sample", "SituationField", "fields_of", "page_fields"]

# How a field is read and echoed. The generic kinds (text, flag, date) are read and echoed
# from this table alone; the others have their own reading in engine.situation.
Kind = Literal["interview", "zone", "industry", "country", "purpose", "date", "flag", "contacts",
               "text", "language", "fields"]
TEXT_LIMIT = 200  # characters of a line of free text
_TEXT_TAIL = (f" One line of text of at most {TEXT_LIMIT} characters; surrounding spaces are "
              "removed and blank is the same as leaving it out.")
_DATE_TAIL = (" A date (YYYY-MM-DD) of the employer's calendar; a date-time is refused, since the "
              "plan counts whole days. null is the same as leaving it out.")
_ONE_LINE = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"


@dataclass(frozen=True)
class Option:
    """The field's option of ``followup advise``: ``--NAME`` (the field's name with hyphens)."""

    help: str
    metavar: str | None = None
    complete: str | None = None  # which shell completion: "zone" or "industry"


# The fieldsets of the page's form, in order; a field's PageField.section is an index here.
PAGE_SECTIONS = ("The interview", "What you know", "Names for the drafts (optional)")


@dataclass(frozen=True)
class PageField:
    """Where the page's form asks for the field: its fieldset (of PAGE_SECTIONS), its row and
    column there (two fields on a row share it, side by side), its label and its control.
    The form's order is that of (section, row, column): the keyboard's order too."""

    section: int
    row: int
    label: str
    control: Literal["interview", "zone", "country", "industry", "language", "purpose", "date",
                     "check", "text"]
    help: str = ""
    placeholder: str = ""
    autocomplete: str = "off"
    column: int = 0


@dataclass(frozen=True)
class Sample:
    """What the property tests draw for the field: one of ``values``, or nothing, in
    ``situations`` (every situation) or ``named_situations`` (those that fill drafts)."""

    values: tuple[Any, ...]
    among: Literal["situations", "named_situations"]


@dataclass(frozen=True)
class SituationField:
    name: str
    kind: Kind
    schema: dict[str, Any]  # its property in schemas/situation.schema.json
    echo: dict[str, Any]  # its property in the plan schema's canonical situation
    option: Option | None = None
    page: PageField | None = None
    sample: Sample | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


def _text(name: str, title: str, description: str, examples: list[str], option: Option,
          page: PageField | None, sample: Sample | None) -> SituationField:
    schema = {"type": ["string", "null"], "title": title, "description": description + _TEXT_TAIL,
              "maxLength": TEXT_LIMIT, "pattern": _ONE_LINE, "examples": examples}
    echo = {"title": title, "description": "As given, without surrounding spaces.",
            "type": "string", "minLength": 1, "maxLength": TEXT_LIMIT}
    return SituationField(name, "text", schema, echo, option, page, sample)


def _flag(name: str, title: str, description: str, option: Option, page: PageField | None,
          sample: Sample) -> SituationField:
    schema = {"type": ["boolean", "null"], "title": title, "description": description,
              "default": False, "examples": [True]}
    echo = {"title": title, "description": "Present only when true.", "const": True}
    return SituationField(name, "flag", schema, echo, option, page, sample)


def _date(name: str, title: str, description: str, example: str, option: Option,
          page: PageField) -> SituationField:
    schema = {"title": title, "description": description + _DATE_TAIL,
              "anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}], "examples": [example]}
    return SituationField(name, "date", schema, {"$ref": "#/$defs/date", "title": title}, option,
                          page)


_OWN_FIELDS = {
    "title": "Fields of the profile's own",
    "description": "Values of the situation fields the chosen profile declares for itself (its "
                   "`fields:`), by name: a name, a whole number or true/false. A field the profile "
                   "does not declare, or a value it does not allow, is an error naming the field; "
                   "a field not given takes the profile's default.",
    "type": "object",
    "propertyNames": {"pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"},
    "additionalProperties": {"anyOf": [{"type": "string", "pattern": _ONE_LINE},
                                       {"type": "integer"}, {"type": "boolean"}]},
    "examples": [{"outlet": "weekly"}],
}
# A language tag is read without regard to case (BCP 47), as the parser reads it.
_TAGS = "|".join("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha()
                         else c for c in tag) for tag in LANGUAGES)

SITUATION_FIELDS: dict[str, SituationField] = {field.name: field for field in (
    SituationField(
        "interview", "interview",
        {"$ref": "#/$defs/dateTime", "title": "Interview",
         "description": "When the interview started, ISO 8601. With an offset "
                        "(2026-11-20T14:00-05:00) it is an exact moment; without one "
                        "(2026-11-20T14:00) it is the employer's wall-clock time and `timezone` is "
                        "required: no zone is ever assumed. A wall-clock time that a "
                        "daylight-saving change skips or repeats is an error; give an offset to "
                        "choose. Years 1900-2200.",
         "examples": ["2026-11-20T14:00", "2026-11-20T14:00-05:00", "2026-11-20T14:00+05:30"]},
        {"$ref": "#/$defs/exactMoment", "title": "Interview",
         "description": "When the interview started."},
        Option("Interview start, ISO 8601 (e.g. 2026-11-20T14:00).", "DATETIME"),
        PageField(0, 0, "Date", "interview")),
    SituationField(
        "timezone", "zone",
        {"type": ["string", "null"], "title": "Employer's time zone",
         "description": "IANA time zone of the employer, where calls are received "
                        "(America/New_York, Europe/London). Required when `interview` has no "
                        "offset. Absent: the interview's fixed offset is used, without "
                        "daylight-saving changes (the plan says so in its notes).",
         "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*)*$",
         "examples": ["America/New_York", "Europe/Berlin", "Asia/Kathmandu"]},
        {"$ref": "#/$defs/zoneName",
         "description": " Absent when the interview's own offset was used (a fixed offset, no IANA "
                        "zone)."},
        Option("Employer's IANA time zone (e.g. America/New_York).", "ZONE", "zone"),
        PageField(0, 1, "Employer's time zone", "zone",
                  "Where the employer takes calls. Type a city to search, e.g. “New_York” or "
                  "“Berlin”.", "America/New_York")),
    SituationField(
        "industry", "industry",
        {"type": ["string", "null"], "title": "Industry",
         "description": "Id of the etiquette profile to apply; `followup profiles` lists them. An "
                        "unknown id is an error that lists the known ones.",
         "pattern": "^[a-z0-9][a-z0-9_-]*$", "default": "general",
         "examples": ["general", "legal", "accounting", "it"]},
        {"title": "Industry", "description": "The profile id asked for.", "type": "string",
         "pattern": "^[a-z0-9][a-z0-9_-]*$", "examples": ["legal"]},
        Option("Profile id (default: general).", "ID", "industry"),
        PageField(0, 3, "Industry", "industry")),
    SituationField(
        "country", "country",
        {"type": ["string", "null"], "title": "Country",
         "description": "ISO 3166 country code of the employer's location, optionally with a "
                        "subdivision (US, US-NY, GB, DE-BY), whose public holidays are days off. "
                        "Without a subdivision, a holiday that more than half of the country's "
                        "regions keep is a day off and one that only some regions keep is a day "
                        "against. Absent: the country of `timezone` where the zone belongs to one "
                        "country in tzdata's zone table (America/New_York: US), said in the notes; "
                        "otherwise only weekends are days off. `none`: only weekends are days off "
                        "and public holidays are not considered. A subdivision is its ISO 3166-2 "
                        "code or a name the holidays package knows (DE-Augsburg), in any case.",
         "pattern": f"^{COUNTRY_SPELLING}$", "examples": ["US", "US-NY", "GB", "DE-BY"]},
        {"title": "Country",
         "description": "As the situation gave it: the ISO 3166 alpha-2 code, upper case, then the "
                        "subdivision if one was given: its code (an alias such as DE-Bayern is "
                        "written DE-BY), or the holiday calendar's own name for a region without a "
                        "code (DE-Augsburg); or `none`. A country taken from the time zone is not "
                        "echoed (planning the echo takes it again) and is named in the notes.",
         "type": "string", "pattern": f"^{PLAN_COUNTRY_SPELLING}$", "examples": ["US-NY"]},
        Option("Public holidays of this country (US, GB, US-NY, DE-BY...).", "CODE"),
        PageField(0, 2, "Employer's country (for public holidays)", "country",
                  "A code such as US, GB, DE or with a region, US-NY. Empty: the country of the "
                  "time zone, where it has one. None: only weekends are days off.", "US")),
    SituationField(
        "purpose", "purpose",
        {"enum": [*PURPOSES, None], "title": "Purpose",
         "description": "Why the candidate wants to get in touch: thank_you (thanks for the "
                        "interview), status (where the decision stands), feedback (after a "
                        "rejection), competing_offer (another offer has a deadline), grievance (a "
                        "complaint: the plan advises no contact). Absent: the profile's whole "
                        "follow-up sequence.",
         "examples": ["status", "thank_you", "competing_offer"]},
        {"$ref": "#/$defs/purpose"},
        Option("One step only; default: the whole sequence."),
        PageField(1, 0, "What to plan", "purpose")),
    _date("promised_reply_by", "Promised reply date",
          "The date the employer said it would answer by; no status call is planned before it has "
          "passed.", "2026-11-27", Option("Date the employer said it would answer by.", "DATE"),
          PageField(1, 1, "They promised an answer by", "date")),
    _date("competing_offer_deadline", "Competing offer deadline",
          "The date another offer expires, for purpose competing_offer.", "2026-11-25",
          Option("Date another offer expires.", "DATE"),
          PageField(1, 1, "Another offer expires on", "date", column=1)),
    _flag("heard_back", "Heard back",
          "The employer has already answered, so no status follow-up is needed.",
          Option("The employer already answered."),
          PageField(1, 3, "They already answered", "check"), Sample((True,), "situations")),
    _flag("traditional", "Traditional employer",
          "The employer is known to be old-school in its etiquette; some legal and accounting "
          "employers then expect a thank-you call rather than an e-mail.",
          Option("The employer is old-school."),
          PageField(1, 2, "The employer is traditional (old-school)", "check"),
          Sample((True,), "situations")),
    SituationField(
        "contacts", "contacts",
        {"type": ["array", "null"], "title": "Earlier follow-ups",
         "description": "Follow-ups already made, in any order.",
         "items": {"$ref": "#/$defs/contact"}, "default": [],
         "examples": [[{"at": "2026-11-20T18:00", "channel": "email"}]]},
        {"title": "Earlier follow-ups",
         "description": "In time order; present only when there are some.",
         "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/contact"}},
        Option("An earlier follow-up, e.g. 2026-11-24T10:00=call (without =...: an e-mail), with "
               "what it was for if you like (2026-11-24T10:00=call:status); repeatable.",
               "DATETIME=call|email[:PURPOSE]")),
    _text("ref", "Your reference",
          "An id of the caller's, such as an application's id in a tracker: echoed as `ref` at the "
          "top of the plan and in batch error records, so results can be matched to inputs. Never "
          "used to plan.",
          ["app-42", "2026/0193"],
          Option("Your id for the application, echoed in the plan.", "TEXT"), None, None),
    _text("company", "Company",
          "The employer's name, used in message drafts. Absent: the drafts speak of \"the "
          "company\" or leave it out.",
          ["Smith & Jones LLP"], Option("The employer's name, for the drafts.", "NAME"),
          PageField(2, 1, "Company", "text", autocomplete="organization"),
          Sample(("Hollis & Crane LLP", "Acme Analytics", "Northwind"), "named_situations")),
    _text("role", "Role",
          "The position applied for, used in message drafts. Absent: \"the position\".",
          ["Associate, Corporate"], Option("The position applied for, for the drafts.", "TEXT"),
          PageField(2, 1, "Role", "text", autocomplete="organization-title", column=1),
          # With and without a noun of their own.
          Sample(("data analyst", "auditor", "Associate", "position of auditor",
                  "Senior Nurse post"),
                 "named_situations")),
    _text("interviewer", "Interviewer",
          "Who interviewed the candidate (as the drafts should address them), used in message "
          "drafts. Absent: \"Hiring Manager\".",
          ["Ms. Rivera"], Option("The interviewer's name, for the drafts.", "NAME"),
          PageField(2, 0, "Interviewer", "text", column=1),
          # Plain names, and names with titles or honorifics.
          Sample(("Ms Rivera", "Herr Huber", "Tanaka-san", "Sam Lee", "Dr. Okafor"),
                 "named_situations")),
    _text("candidate", "Candidate", "The candidate's name, for signing message drafts.",
          ["Alex Kim"], Option("Your name, for the drafts.", "NAME"),
          PageField(2, 0, "Your name", "text", autocomplete="name"),
          Sample(("Ana Ruiz", "Kenji Tanaka", "Alex Kim"), "named_situations")),
    _flag("first_choice", "First choice",
          "The candidate has told the engine this role is their first choice: an offer's drafts "
          "then say so (they never claim it otherwise). Absent: false.",
          Option("This role is your first choice: an offer's drafts say so (they never claim it "
                 "otherwise)."), None,
          Sample((True,), "named_situations")),
    SituationField(
        "language", "language",
        {"type": ["string", "null"], "title": "Language",
         "description": "The language of the drafts, as a BCP 47 tag: en (English, in the variant "
                        "of the employer's country), en-US or en-GB; case does not matter. Absent: "
                        "British English (en-GB) where the employer's country writes it (GB, IE, "
                        "IN, AU, NZ, ZA and other Commonwealth countries), American English "
                        "(en-US) elsewhere; the country is the situation's, or the one its time "
                        "zone belongs to.",
         "pattern": f"^({_TAGS})$", "examples": ["en-GB"]},
        {"title": "Language",
         "description": "As given (in its own spelling); absent when not given.",
         "enum": list(LANGUAGES)},
        Option(f"The plan's language (drafts and text): {', '.join(LANGUAGES)} (default: the "
               "employer's country's; en: its English).", "TAG"),
        PageField(0, 4, "Language", "language",
                  help="The language of this page, of the plan and of what to say."),
        Sample(("en", "en-US", "en-GB"), "named_situations")),
    SituationField("fields", "fields", _OWN_FIELDS, _OWN_FIELDS),
)}
FIELD_NAMES = tuple(SITUATION_FIELDS)


def page_fields() -> list[SituationField]:
    """The fields the page's form asks for, in the form's order."""
    asked = [field for field in SITUATION_FIELDS.values() if field.page is not None]
    return sorted(asked, key=lambda field: (field.page.section, field.page.row, field.page.column)
                  if field.page else (0, 0, 0))


def fields_of(kind: Kind) -> tuple[str, ...]:
    """The names of the fields of one kind, in the table's order."""
    return tuple(name for name, field in SITUATION_FIELDS.items() if field.kind == kind)
