"""A plan as a short timeline that a candidate can act on.

Every time is shown in the employer's zone, the one the plan was computed in, named in
the verdict line by a short label ("New York time", see :func:`zone_label`); the
candidate's own time is added to that line when their zone is given and its clock
differs. Each step lists its best times in one order, the moment the verdict names
first, and says why that moment: what favoured it, what argued against it, what decided
the action and what kept sooner times out. Every rule that shaped a step is listed only
when ``explain`` is asked for. Day and month names come from fixed English tables rather
than ``strftime`` so the output does not depend on the machine's locale. The wording
helpers are shared with the iCalendar renderer so both say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location

from ..language.model import Rule
from ..plan import Message, Plan, Reason, Step, Verdict
from ..vocabulary import NOW_VERDICTS
from .drafts import draft_dict, has_language
from .i18n import N_, _, current, format_day, speaking
from .layout import (
    _capital,
    _label,
    _sentence_case,
    _width,
    _wrap,
)
from .reasons import (
    DIRECTION_LABELS,
    SourceIndex,
    cited,
    deciding,
    explained,
    first_choice_order,
)
from .variants import language_of
from .wording import CHANNEL_NAMES, CHANNEL_WORDS, worded

__all__ = [
    "DIRECTION_LABELS",
    "SourceIndex",
    "action_sentence",
    "cited",
    "deciding",
    "draft_lines",
    "explained",
    "first_choice_order",
    "format_moment",
    "format_range",
    "phrase",
    "render_text",
    "spoken_reason",
    "step_heading",
    "verdict_line",
    "why_text",
    "zone_label",
]

EN_DASH = "\u2013"
EM_DASH = "\u2014"
# What getting in touch is for, as the rest of "Call to ..." / "Don't get in touch to ...".
PURPOSE_PHRASES = {
    "thank_you": N_("say thank you"),
    "status": N_("ask about the status"),
    "feedback": N_("ask for feedback"),
    "competing_offer": N_("mention a competing offer"),
    "grievance": N_("complain"),
}
# A profile's evidence, as the profile line says it.
EVIDENCE_WORDS = {"strong": N_("strong"), "mixed": N_("mixed"), "thin": N_("thin")}
# Each direction's label as a reason line starts with it.
_DIRECTION_HEADINGS = {"decides": N_("decides:"), "forbids": N_("forbids:"),
                       "favours": N_("favours:"),
                       "disfavours": N_("against:"), "neutral": N_("neutral:")}


def format_moment(moment: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """``Tue 24 Nov 10:00`` in ``zone``; the year is added when it is not ``year``."""
    local = moment.astimezone(zone)
    return f"{format_day(local.date(), year=year)} {local:%H:%M}"


def format_range(start: datetime, end: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """``Tue 24 Nov 10:00`` to ``12:00`` within a day; both moments in full across days.

    The separator is an en dash, spaced only between two full moments.
    """
    first, last = start.astimezone(zone), end.astimezone(zone)
    if first.date() == last.date():
        return f"{format_moment(first, zone, year=year)}{EN_DASH}{last:%H:%M}"
    return (f"{format_moment(first, zone, year=year)} {EN_DASH} "
            f"{format_moment(last, zone, year=year)}")


def phrase(purpose: str) -> str:
    if purpose in PURPOSE_PHRASES:
        return _(PURPOSE_PHRASES[purpose])
    return _("follow up ({purpose})").format(purpose=purpose.replace("_", " "))


def action_sentence(step: Step) -> str:
    """What to do, in the candidate's terms: ``Call to ask about the status``."""
    if step.action == "none":
        return _("Don't get in touch to {what}").format(what=phrase(step.purpose))
    words = CHANNEL_WORDS[step.action]
    if step.purpose == "thank_you":
        return _(words.thanks).format(what=phrase(step.purpose))
    return _(words.action).format(what=phrase(step.purpose))


def step_heading(step: Step, year: int) -> str:
    """What to do, or, for a step a recorded contact fulfilled, what was done:
    ``Send a thank-you e-mail — done: sent by e-mail on Mon 2 Nov 18:30``."""
    if step.done is not None and step.note is not None:
        return f"{action_sentence(step)} {EM_DASH} {worded(step.note, year)}"
    return action_sentence(step)


def render_text(plan: Plan, *, drafts: bool = True, explain: bool = False, my_zone: ZoneInfo
                | None = None) -> str:
    """The plan for people: the verdict for now, then one block per step (with what to say,
    unless ``drafts`` is false), then notes.

    ``my_zone`` is the candidate's own zone: the verdict line adds their clock when it
    differs from the employer's. ``explain`` adds every rule that shaped each step.
    """
    with speaking(language_of(plan.situation)):
        return _render_text(plan, drafts=drafts, explain=explain, my_zone=my_zone)


def _render_text(plan: Plan, *, drafts: bool, explain: bool, my_zone: ZoneInfo | None) -> str:
    zone, year = plan.situation.zone, plan.situation.interview.year
    zone_name = plan.situation.zone_name
    sources = SourceIndex()
    # A moment is never wrapped apart: its words are joined by no-break spaces until wrapped.
    lines = [line.replace(NO_BREAK,
                          " ") for line in _wrap(verdict_line(plan, my_zone, space=NO_BREAK), "  ")]
    profile = plan.profile
    lines += ["", _("Interview: {moment} ({zone})").format(moment=format_moment(
        plan.situation.interview, zone),
                                                            zone=zone_name)]
    width = max(11, _width(_("Profile:")) + 1)
    lines += _wrap(_("{name}; rules from {chain}; evidence {evidence}").format(
        name=profile.name_in(current()), chain=", ".join(profile.chain),
        evidence=_(EVIDENCE_WORDS[profile.evidence])),
        " " * width, first=_label(_("Profile:"), width))
    lines.append(_("All times below are the employer's local time ({zone}).").format(
        zone=zone_name))
    for number, step in enumerate(plan.steps, start=1):
        lines.append("")
        lines += _step_lines(plan, number, step, sources, explain)
        # nothing to say once a step's time is over
        if drafts and (step.best or step.action == "none"):
            lines += draft_lines(plan, step, sources, "   ")
    if plan.verdict.verdict != "dont_contact":  # nothing to stop when there is no contact at all
        lines += ["", _("Stop following up after {moment} ({zone}).").format(
            moment=format_moment(plan.move_on_after, zone, year=year), zone=zone_name)]
    if plan.notes:
        lines += ["", _("Notes:")]
        for note in plan.notes:
            lines += _wrap(worded(note, year, brief=True), "  ", first="- ")
    if sources.entries:
        lines += ["", _("Sources:")]
        for number, text in enumerate(sources.entries, start=1):
            lines += _wrap(text, "    ", first=f"[{number}] ")
    return "\n".join(lines) + "\n"


# Joins the words of a moment in the verdict line while it is wrapped, so none is split.
NO_BREAK = "\u00a0"
# Zone names that stand for UTC itself, shown as "UTC".
_UTC_NAMES = frozenset({"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0",
                        "Greenwich"})


# The languages whose zone names take CLDR's city (Wien, Zürich, São Paulo), by Babel locale.
_CLDR_CITIES = {"de": "de", "es": "es", "fr": "fr", "pt-BR": "pt_BR"}


def zone_label(name: str, zone: tzinfo, moment: datetime) -> str:
    """A zone as a person names a clock: ``New York time`` for America/New_York, ``Ho Chi
    Minh time`` for Asia/Ho_Chi_Minh, ``UTC`` or ``UTC+05:30`` for UTC and fixed offsets
    (an ``Etc/`` zone is shown by its offset at ``moment``), ``Japan time`` for a one-word
    country zone, and an abbreviation such as ``EST5EDT`` as it is. In German, French, Spanish
    and Portuguese the city is CLDR's (``Ortszeit Wien``), in Japanese the whole name."""
    if name.startswith("Etc/") or name in _UTC_NAMES:
        offset = zone.utcoffset(moment) or timedelta(0)
        if not offset:
            return "UTC"
        minutes = int(offset.total_seconds()) // 60
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{'+' if minutes > 0 else '-'}{hours:02d}:{rest:02d}"
    if name.startswith("UTC") or not name.replace("/", "").replace("_", "").replace("-",
                                                                                    "").isalpha():
        return name  # a fixed offset, or an abbreviation with digits
    if "/" in name:
        # CLDR's names where the English city would stand out: 日本時間, São Paulo, Wien.
        language = current()
        if language == "ja":
            return get_timezone_location(name, locale="ja")
        place = name.rsplit("/", 1)[1].replace("_", " ")
        if language in _CLDR_CITIES:
            place = get_timezone_location(name, locale=_CLDR_CITIES[language], return_city=True)
        said = _("{place} time").format(place=place)
        # French joins "de" with a city's article: "heure du Caire", not "heure de Le Caire".
        return said.replace(" de Le ", " du ") if language == "fr" else said
    return name if name.isupper() else _("{place} time").format(place=name)


def _clock_differs(plan: Plan, my_zone: tzinfo | None, moments: Iterable[datetime]) -> bool:
    zone = plan.situation.zone
    return my_zone is not None and any(
        moment.astimezone(my_zone).utcoffset() != moment.astimezone(zone).utcoffset()
        for moment in moments)


def _named_moment(plan: Plan, moment: datetime, my_zone: ZoneInfo | None, space: str = " ") -> str:
    """``Tue 24 Nov 10:00 New York time``, then the candidate's clock (``, 16:00 Berlin time``)
    when ``my_zone`` is given; their day is named when it is not the employer's. ``space``
    joins the words of each clock (a no-break space keeps one from being wrapped apart)."""
    zone, year = plan.situation.zone, plan.situation.interview.year
    there = moment.astimezone(zone)
    text = (f"{format_moment(there, zone, year=year)} "
            f"{zone_label(plan.situation.zone_name, zone, there)}")
    if my_zone is not None:
        here = moment.astimezone(my_zone)
        mine = (f"{here:%H:%M}" if here.date() == there.date()
                else format_moment(here, my_zone, year=year))
        text = _("{there}, {here}").format(there=text,
                                           here=f"{mine} {zone_label(my_zone.key, my_zone, here)}")
    return text.replace(" ", space)


def spoken_reason(verdict: Verdict) -> Message:
    """The verdict's reason as a sentence in the current language says it: a rule's reason is its
    profile's English, so in another language the sentence says what it means (the step lists the
    rule)."""
    if verdict.reason.code == "rule" and not current().startswith("en"):
        return Message("time_over" if verdict.verdict == "too_late" else "no_contact", {})
    return verdict.reason


def verdict_line(plan: Plan, my_zone: ZoneInfo | None = None, *, space: str = " ") -> str:
    """What to do now, in one line, with the employer's zone named:
    ``Now (Sat 21 Nov 10:00 New York time): wait — next good moment ...``.

    With ``my_zone`` (the candidate's zone), each moment also gets the candidate's clock
    when it differs from the employer's. ``space`` joins the words of each moment.
    """
    verdict: Verdict = plan.verdict
    year = plan.situation.interview.year
    mine = my_zone if _clock_differs(plan, my_zone,
                                     (verdict.at, verdict.until or verdict.at)) else None
    reason = worded(spoken_reason(verdict), year)
    head = _("Now ({moment}):").format(moment=_named_moment(plan, verdict.at, mine, space))
    step = next((s for s in plan.steps if s.purpose == verdict.purpose), None)
    todo = action_sentence(step) if step else None
    # A moment some rule argues against is still the best one left: say so, so the line
    # agrees with the reasons listed under the step.
    caveat = _(", the best time left") if verdict.against else ""
    if verdict.verdict in NOW_VERDICTS:
        return _("{head} a good moment{caveat} — {todo}").format(head=head, caveat=caveat,
                                                                  todo=_sentence_case(todo
                                                                                      or reason))
    if verdict.reason.code == "wait_reply":
        return f"{head} {reason}"
    if verdict.verdict == "wait_until" and verdict.until is not None:
        moment = _named_moment(plan, verdict.until, mine, space)
        suffix = _(" ({todo})").format(todo=_sentence_case(todo)) if todo else ""
        return _("{head} wait — next good moment {moment}{caveat}{todo}").format(
            head=head, moment=moment, caveat=caveat, todo=suffix)
    if verdict.verdict == "dont_contact":
        return _("{head} don't get in touch — {reason}").format(
            head=head, reason=_sentence_case(reason))
    return _("{head} too late — {reason}").format(head=head, reason=_sentence_case(reason))


def _step_lines(plan: Plan, number: int, step: Step, sources: SourceIndex,
                explain: bool) -> list[str]:
    zone, year = plan.situation.zone, plan.situation.interview.year
    heading = f"{number}. {action_sentence(step)}"
    if step.done is not None:
        return _wrap(f"{number}. {step_heading(step, year)}", "   ")
    if step.action != "none" and not step.best:
        heading += (f" ({worded(step.note, year)})" if step.note and step.note.code == "passed"
                    else "")
    lines = _wrap(heading, "   ")
    if step.note and step.note.code != "passed":
        lines += _wrap(f"{_capital(worded(step.note, year))}.", "   ", first="   ")
    # A window is worth showing only while a time in it
    # is still ahead; once open, its end is what counts.
    now = plan.verdict.at.timestamp()
    if step.window is not None and (step.best or explain):
        earliest, latest = step.window
        shown = (_("open until {moment}").format(moment=format_moment(latest, zone, year=year))
                 if earliest.timestamp() <= now < latest.timestamp()
                 else format_range(earliest, latest, zone, year=year))
        lines.append(f"   {_label(_('Window:'), _label_width())}{shown}")
    for rank, best in enumerate(first_choice_order(plan, step)):
        label = _("Best:") if rank == 0 else _("Or else:") if rank == 1 else ""
        shown = format_range(best.start, best.end, zone, year=year)
        if best.start.timestamp() <= now < best.end.timestamp():
            shown += _(" (now)")
        lines.append(f"   {_label(label, _label_width())}{shown}")
    why = deciding(plan, step)
    # A rule says why in its profile's words, English: a plan in another language says so.
    lines += _reason_lines(_("Why:"), why, sources)
    if explain:
        told = {reason.rule.why for reason in why}
        others = [reason for reason in explained(step) if reason.rule.why not in told]
        lines += _reason_lines(_("Other rules that shaped this step:") if why
                               else _("Rules that shaped this step:"), others, sources)
    return lines


def _reason_lines(heading: str, reasons: Sequence[Reason], sources: SourceIndex) -> list[str]:
    if not reasons:
        return []
    lines = [f"   {heading}"]
    for reason in reasons:
        label = _(_DIRECTION_HEADINGS[reason.rule.direction])
        width = _reason_width()
        lines += _wrap(why_text(reason.rule) + sources.marks(reason.sources), " " * (width + 6),
                       first=f"   - {_label(label, width)} ")
    return lines


def why_text(rule: Rule) -> str:
    """Why a rule holds, in the current language where its
    profile gives it; else its English, said to be so."""
    said = rule.why_in(current())
    return said if said is not None else rule.why + _(" (in English)")


_PART_LABELS = {"subject": N_("Subject:"), "opening": N_("Open:"), "question": N_("Ask:"),
                "close": N_("Close:")}


def draft_lines(plan: Plan, step: Step, sources: SourceIndex | None, indent: str = "") -> list[str]:
    """What to say for a step: its draft, then the letter offered beside it, each part labelled,
    every line but the empty ones starting with ``indent``; a letter's sources are marked
    when there is a ``sources`` index to list them."""
    lines: list[str] = []
    for draft, heading in ((step.draft, _("What to say")), (step.alternative, _("Or a letter"))):
        if draft is None or (draft is step.alternative and not has_language(plan, draft)):
            continue  # a letter is offered only in the plan's language
        data = draft_dict(plan, draft, step)
        if draft.channel == "letter":
            marks = sources.marks(data["sources"]) if sources is not None else ""
            lines += _wrap(f"{heading}: {data['why']}{marks}", indent + "  ", first=indent)
        else:
            lines.append(indent + _("{heading} ({channel}):").format(heading=heading,
                                                                     channel=_(CHANNEL_NAMES[draft.channel])))
        for part, _text in draft.parts:
            label = _(_PART_LABELS[part]) if part in _PART_LABELS else None
            for number, paragraph in enumerate(str(data[part]).split("\n")):
                width = _label_width()
                first = indent + (f"  {_label(label, width)}" if label and number == 0
                                  else "  " + " " * width * bool(label))
                lines += _wrap(paragraph, " " * _width(first), first=first) if paragraph else [""]
    return lines


def _label_width() -> int:
    """The column a step's labels (``Best:``, ``Subject:``)
    are padded to in the current language: 9 in English."""
    labels = (_("Window:"), _("Best:"), _("Or else:"),
              *(_(label) for label in _PART_LABELS.values()))
    return max(9, *(_width(label) + 1 for label in labels))


def _reason_width() -> int:
    """The column a reason's direction (``favours:``) is
    padded to in the current language: 10 in English."""
    return max(10, *(_width(_(label)) + 1 for label in _DIRECTION_HEADINGS.values()))

