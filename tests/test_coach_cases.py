"""Coach cases: real follow-up situations with the advice a careers coach would sign.

Every expectation below was derived by hand from the norms (the seed post and
research/norms.md) and from the rules of the profiles (core, general and the industry
profiles), following the planner's documented semantics; none was copied from the
engine's output. The engine is then checked against them on real plans
(``engine.advise(...).to_dict()``, with the overlays left out: see GENERAL_ONLY), without mocking anything.

How the hand derivations were made (the weights are the profiles'):
- Business hours 09:00-17:00, one-hour slots, employer-local time. A slot scores the sum of
  the invariant (core) weights first, then the sum of the other weights; ties go to the
  earlier slot. Contiguous slots of one score form a range; ranges are taken one per day
  first, in rank order, then from days already used, merging ranges that touch; at most 3.
- General status/feedback call: week after +3, midweek +1, 10:00/11:00 +1, 14:00 +1,
  15:00/16:00 -2, first-day morning -1, last-day afternoon (13:00+) -1; core adds +10 to
  midweek of the next week after an interview on the last working day, and forbids that
  next working day's morning.
- A best range only holds times still ahead (ending after now, after the latest contact).
  Without a region, a holiday that more than half of the country's regions keep is a day
  off; one that fewer keep is a working day against: -3 for a status or feedback question
  (general's regional-holiday-against); a quiet season (Christmas Eve to New Year's Day in
  the US and GB...) is -6 for them (quiet-season-against).
- Verdict: act now only where now scores as well as the first best range listed of the first
  step that has any; else wait until that first range (one order, one answer, even when a
  lesser range comes sooner); too_late when no step has one; dont_contact by a rule.

Each case names, in its comment, the norm that decides it. Ranges are written
"YYYY-MM-DD HH:MM-HH:MM" in the employer's time, in the plan's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

import engine

# These plans follow core, general and the industry profiles, as the derivations say: the
# employer's country sets the calendar (working week, holidays, quiet seasons) but its
# etiquette overlay is left out. The overlays' own plans are checked in tests/test_overlays.py.
GENERAL_ONLY = engine.Catalog(overlays=False)

NY = "America/New_York"
CHI = "America/Chicago"
LON = "Europe/London"
BER = "Europe/Berlin"
TLV = "Asia/Jerusalem"
TYO = "Asia/Tokyo"
KOL = "Asia/Kolkata"


@dataclass(frozen=True)
class S:
    """What one step of the plan should say."""

    purpose: str
    action: str
    ranges: tuple[str, ...] | None = None  # all best ranges, in order ("" checks nothing)
    best0: str | None = None  # date of best[0]
    days: frozenset[str] | None = None  # dates of all best ranges
    not_days: tuple[str, ...] = ()  # dates that must not appear in best
    window: tuple[str, str] | None = None  # (earliest, latest) as "YYYY-MM-DD HH:MM"
    done: str | None = None  # "YYYY-MM-DD HH:MM channel" of the recorded contact that fulfilled the step
    note: str | None = None  # words the step's note must contain


@dataclass(frozen=True)
class Case:
    situation: dict[str, Any]
    now: str
    verdict: str
    steps: tuple[S, ...]
    until: str | None = None  # "YYYY-MM-DD HH:MM" for wait_until
    verdict_purpose: str | None = None
    notes: tuple[str, ...] = field(default=())  # substrings the notes must contain
    reason: str | None = None  # the verdict's reason, word for word
    move_on: str | None = None  # move_on_after as "YYYY-MM-DD HH:MM"


def case(case_id: str, situation: dict[str, Any], now: str, verdict: str, *steps: S, **more: Any) -> Any:
    return pytest.param(Case(situation, now, verdict, steps, **more), id=case_id)


def sit(interview: str, zone: str, **fields: Any) -> dict[str, Any]:
    return {"interview": interview, "timezone": zone, **fields}


def r(*ranges: str) -> tuple[str, ...]:
    return ranges


CASES = [
    # ---------------------------------------------------------------- thank-you e-mails
    # general: thank-you by e-mail, not within the first hour, best within 24 h, gone after two
    # more working days. Tue 10:00 interview, now 12:30: the 11:00 slot has ended; Wed 09:00
    # is 23 h (+3); Thursday is the last day. One range per day: Tue, Wed 9-10, Thu.
    case("us-thank-you-tuesday-same-afternoon",
         sit("2026-11-17T10:00", NY, purpose="thank_you", country="US"), "2026-11-17T12:30", "email_now",
         S("thank_you", "email",
           r("2026-11-17 12:00-17:00", "2026-11-18 09:00-10:00", "2026-11-19 09:00-17:00"),
           window=("2026-11-17 11:00", "2026-11-19 17:00"))),
    # general: thank-you-not-instantly. Before a 14:00 interview, the first thank-you time is
    # 15:00 (the 14:00 slot is the interview itself); Wed 9-14 still within 24 h; Thursday last.
    case("thank-you-now-before-the-interview",
         sit("2026-11-17T14:00", NY, purpose="thank_you"), "2026-11-17T08:00", "wait_until",
         S("thank_you", "email",
           r("2026-11-17 15:00-17:00", "2026-11-18 09:00-14:00", "2026-11-19 09:00-17:00"),
           window=("2026-11-17 15:00", "2026-11-19 17:00")),
         until="2026-11-17 15:00"),
    # general: Friday 15:00 interview, thank-you e-mail now (16:00, within the day) or on the
    # next two working days (Monday, Tuesday); never on the weekend.
    case("us-thank-you-friday-afternoon",
         sit("2026-11-20T15:00", NY, purpose="thank_you", country="US"), "2026-11-20T16:30", "email_now",
         S("thank_you", "email", r("2026-11-20 16:00-17:00", "2026-11-23 09:00-17:00", "2026-11-24 09:00-17:00"),
           not_days=("2026-11-21", "2026-11-22"), window=("2026-11-20 16:00", "2026-11-24 17:00"))),
    # general: a 16:00 interview leaves no slot that day; Friday 9-16 is within 24 h (+3); the
    # 16-17 hour touches it and is no second choice, so Monday (the last working day) is.
    case("de-by-thank-you-next-morning-after-late-interview",
         sit("2026-11-19T16:00", BER, purpose="thank_you", country="DE-BY"), "2026-11-19T18:00", "wait_until",
         S("thank_you", "email", r("2026-11-20 09:00-16:00", "2026-11-23 09:00-17:00"),
           window=("2026-11-20 09:00", "2026-11-23 17:00")),
         until="2026-11-20 09:00"),
    # consulting: thanks by the end of the next working day; after a late Friday interview
    # that is Monday (the weekend is no working day), not "too late" minutes after leaving.
    case("consulting-late-friday-thank-you-on-monday",
         sit("2026-11-20T16:30", LON, purpose="thank_you", country="GB", industry="consulting"),
         "2026-11-20T16:45", "wait_until",
         S("thank_you", "email", r("2026-11-23 09:00-17:00"), window=("2026-11-23 09:00", "2026-11-23 17:00")),
         until="2026-11-23 09:00"),
    # general: thank-you-deadline (two more working days, Wednesday) has passed by Friday: too
    # late, nothing ahead.
    case("gb-thank-you-after-three-days-too-late",
         sit("2026-11-16T10:00", LON, purpose="thank_you", country="GB"), "2026-11-20T10:00", "too_late",
         S("thank_you", "email", r(), window=("2026-11-16 11:00", "2026-11-18 17:00"))),
    # it: 'traditional' only matters in legal/accounting; IT thanks go by e-mail within two
    # working days (through Thursday); the first 24 h rank first, then one range per day.
    case("it-traditional-still-emails-thanks-within-two-working-days",
         sit("2026-11-17T10:00", LON, purpose="thank_you", country="GB", industry="it", traditional=True),
         "2026-11-17T11:30", "email_now",
         S("thank_you", "email",
           r("2026-11-17 11:00-17:00", "2026-11-18 09:00-10:00", "2026-11-19 09:00-17:00"),
           window=("2026-11-17 11:00", "2026-11-19 17:00"))),
    # legal (modern firm): thank-you by e-mail the same afternoon, else on the next two working
    # days; Thanksgiving is a day off, the Friday after (kept by 17 of 51 states) a working day,
    # not held against thanks: Fri 27 and Mon 30 are the two working days after.
    case("legal-modern-thank-you-before-thanksgiving",
         sit("2026-11-25T10:00", NY, purpose="thank_you", country="US", industry="legal"),
         "2026-11-25T12:00", "email_now",
         S("thank_you", "email", r("2026-11-25 12:00-17:00", "2026-11-27 09:00-17:00", "2026-11-30 09:00-17:00"),
           not_days=("2026-11-26",), window=("2026-11-25 11:00", "2026-11-30 17:00")),
         notes=("Thanksgiving Day", "Day After Thanksgiving")),
    # healthcare: thanks the same day or the next working day; after a 16:00 Friday interview
    # that is Monday (all of it, 65 h+ so no within-a-day bonus).
    case("healthcare-thank-you-friday-late-goes-monday",
         sit("2026-11-20T16:00", NY, purpose="thank_you", country="US", industry="healthcare"),
         "2026-11-20T17:00", "wait_until",
         S("thank_you", "email", r("2026-11-23 09:00-17:00"), window=("2026-11-23 09:00", "2026-11-23 17:00")),
         until="2026-11-23 09:00"),
    # consulting: thank-you no later than the day after; the next morning is still fine.
    case("consulting-thank-you-next-morning",
         sit("2026-11-16T09:00", LON, purpose="thank_you", industry="consulting"), "2026-11-17T09:30",
         "email_now",
         S("thank_you", "email", r("2026-11-17 09:00-17:00"), window=("2026-11-16 10:00", "2026-11-17 17:00"))),
    # ------------------------------------------------------ traditional thank-you calls
    # seed + legal: an old-school firm gets a thank-you call in the first 3 business days, never
    # the day after, and (Friday interview) never Monday morning; core +10 midweek Tue/Wed.
    # Best ranges spread over the midweek days first, then Tuesday's 14:00 (still midweek)
    # rather than Monday afternoon.
    case("legal-traditional-friday-thank-you-call",
         sit("2026-11-13T11:00", NY, purpose="thank_you", country="US-NY", industry="legal", traditional=True),
         "2026-11-16T09:00", "wait_until",
         S("thank_you", "call",
           r("2026-11-17 10:00-12:00", "2026-11-18 10:00-12:00", "2026-11-17 14:00-15:00"),
           window=("2026-11-16 12:00", "2026-11-18 17:00")),
         until="2026-11-17 10:00"),
    # seed + accounting: Monday interview at a traditional practice (Scotland): call on day 2 or
    # 3 (Wed/Thu) mid-morning; the third range is Wednesday's 14:00.
    case("accounting-traditional-monday-thank-you-call-scotland",
         sit("2026-11-23T10:00", LON, purpose="thank_you", country="GB-SCT", industry="accounting",
             traditional=True),
         "2026-11-23T12:00", "wait_until",
         S("thank_you", "call",
           r("2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00", "2026-11-25 14:00-15:00"),
           not_days=("2026-11-24",), window=("2026-11-25 09:00", "2026-11-26 17:00")),
         until="2026-11-25 10:00"),
    # --------------------------------------------------------------- status calls
    # seed: status call the week after, midweek mid-morning. Country none: Thanksgiving unknown.
    case("status-tuesday-no-country",
         sit("2026-11-17T10:00", NY, purpose="status", country="none"), "2026-11-18T10:00", "wait_until",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00"),
           window=("2026-11-23 09:00", "2026-12-01 17:00")),
         until="2026-11-24 10:00", notes=("No country given",)),
    # seed + US calendar: Thanksgiving off; the Friday after, kept by 17 of 51 states, is a
    # working day against (-3) and the week's last: Tuesday and Wednesday are midweek (5), then
    # Monday 14:00 (4) on a third day.
    case("us-status-tuesday-thanksgiving-week",
         sit("2026-11-17T10:00", NY, purpose="status", country="US"), "2026-11-18T10:00", "wait_until",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-23 14:00-15:00"),
           not_days=("2026-11-26", "2026-11-27"), window=("2026-11-23 09:00", "2026-12-01 17:00")),
         until="2026-11-24 10:00", notes=("Thanksgiving Day", "Day After Thanksgiving")),
    # week parts count holidays: in California Thu and Fri are off, so Wednesday is the last day
    # of the week (its 10-12 scores 4, tied with Monday 14:00, which comes first in time).
    case("us-ca-status-wednesday-before-thanksgiving-is-last",
         sit("2026-11-17T10:00", "America/Los_Angeles", purpose="status", country="US-CA"),
         "2026-11-18T10:00", "wait_until",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-23 14:00-15:00", "2026-11-25 10:00-12:00"),
           not_days=("2026-11-26", "2026-11-27")),
         until="2026-11-24 10:00"),
    # seed: after a Friday interview, midweek beats Monday morning (core +10 Tue/Thu; Veterans
    # Day Wednesday is off; Monday before noon is forbidden; the third range is Tuesday's 14:00,
    # another midweek time, before anything on Monday).
    case("us-ny-status-friday-interview-veterans-day",
         sit("2026-11-06T14:00", NY, purpose="status", country="US-NY"), "2026-11-07T10:00", "wait_until",
         S("status", "call", r("2026-11-10 10:00-12:00", "2026-11-12 10:00-12:00", "2026-11-10 14:00-15:00"),
           not_days=("2026-11-09", "2026-11-11"), window=("2026-11-09 12:00", "2026-11-20 17:00")),
         until="2026-11-10 10:00", notes=("Veterans Day",)),
    # seed: Friday interview, now is Tuesday 10:30 of the next week, inside the best range.
    case("gb-status-friday-interview-call-now-tuesday",
         sit("2026-11-20T14:00", LON, purpose="status", country="GB"), "2026-11-24T10:30", "call_now",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00"))),
    # general: now between best times (12:30 on Tuesday): wait for 14:00, not act at 12:30.
    case("status-now-between-best-ranges",
         sit("2026-11-17T10:00", NY, purpose="status", country="none"), "2026-11-24T12:30", "wait_until",
         S("status", "call", r("2026-11-24 14:00-15:00", "2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00")),
         until="2026-11-24 14:00"),
    # general: late in the window only what is ahead counts (Thursday 11:00 is still a best hour).
    case("status-now-late-in-the-window-call-now",
         sit("2026-11-17T10:00", NY, purpose="status", country="none"), "2026-11-26T11:30", "call_now",
         S("status", "call", r("2026-11-26 11:00-12:00", "2026-11-27 10:00-12:00", "2026-12-01 10:00-12:00"))),
    # seed: two weeks at most; after the horizon nothing is left.
    case("us-status-after-two-weeks-too-late",
         sit("2026-11-02T10:00", NY, purpose="status", country="US"), "2026-11-20T10:00", "too_late",
         S("status", "call", r())),
    # Good Friday in DE-BY makes Thursday the last working day: the Friday-interview norm applies;
    # Easter Monday is off, Tuesday morning is the forbidden next morning; Wed/Thu midweek.
    case("de-by-status-thursday-before-good-friday",
         sit("2026-04-02T10:00", BER, purpose="status", country="DE-BY"), "2026-04-02T17:00", "wait_until",
         S("status", "call", r("2026-04-08 10:00-12:00", "2026-04-09 10:00-12:00", "2026-04-08 14:00-15:00"),
           not_days=("2026-04-03", "2026-04-06", "2026-04-07"), window=("2026-04-07 12:00", "2026-04-16 17:00")),
         until="2026-04-08 10:00", notes=("Good Friday", "Easter Monday")),
    # US without a state: Seward's Day (Mon, 1 state), Cesar Chavez Day (Tue, 3) and Good Friday
    # (10 of 51) are working days against: the next week runs Mon (first; its morning is the
    # forbidden next morning) to Fri (last), Tue-Thu midweek (+10). Wed and Thu 10:00 score 5,
    # Tue 31 three less (2), a third day before any second range.
    case("us-status-friday-interview-good-friday-week",
         sit("2026-03-27T11:00", CHI, purpose="status", country="US"), "2026-03-30T09:00", "wait_until",
         S("status", "call", r("2026-04-01 10:00-12:00", "2026-04-02 10:00-12:00", "2026-03-31 10:00-12:00"),
           not_days=("2026-03-30", "2026-04-03"), window=("2026-03-30 12:00", "2026-04-10 17:00")),
         until="2026-04-01 10:00", notes=("Good Friday", "Cesar Chavez Day")),
    # A Monday holiday (Labor Day): Tuesday is the first working day and, after a Friday
    # interview, its morning is forbidden; midweek Wed/Thu, then Wednesday 14:00.
    case("us-status-friday-before-labor-day",
         sit("2026-09-04T10:00", NY, purpose="status", country="US"), "2026-09-04T17:00", "wait_until",
         S("status", "call", r("2026-09-09 10:00-12:00", "2026-09-10 10:00-12:00", "2026-09-09 14:00-15:00"),
           not_days=("2026-09-07", "2026-09-08"), window=("2026-09-08 12:00", "2026-09-18 17:00")),
         until="2026-09-09 10:00", notes=("Labor Day",)),
    # Christmas in GB: Friday 25 off makes Thursday 24 the last day; core midweek Tue/Wed.
    case("gb-status-friday-before-christmas",
         sit("2026-12-18T11:00", LON, purpose="status", country="GB"), "2026-12-19T10:00", "wait_until",
         S("status", "call", r("2026-12-22 10:00-12:00", "2026-12-23 10:00-12:00", "2026-12-22 14:00-15:00"),
           not_days=("2026-12-21", "2026-12-25", "2026-12-28")),
         until="2026-12-22 10:00", notes=("Christmas Day",)),
    # DE without a Land: Repentance Day (Saxony only) is a working day against (-3): midweek
    # still (+10), Tue and Thu 10:00 (5) first, then Wed 18 10:00 (2) as a third day.
    case("de-status-friday-interview-repentance-day-possible-off",
         sit("2026-11-13T14:00", BER, purpose="status", country="DE"), "2026-11-16T09:00", "wait_until",
         S("status", "call", r("2026-11-17 10:00-12:00", "2026-11-19 10:00-12:00", "2026-11-18 10:00-12:00"),
           not_days=("2026-11-16",)),
         until="2026-11-17 10:00", notes=("Repentance and Prayer Day", "DE-SN")),
    # India: Guru Nanak's Birthday (Tue 24) is off; Wed/Thu midweek; Monday 14:00 next.
    case("in-status-tuesday-guru-nanak",
         sit("2026-11-17T11:00", KOL, purpose="status", country="IN"), "2026-11-20T10:00", "wait_until",
         S("status", "call", r("2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00", "2026-11-23 14:00-15:00"),
           not_days=("2026-11-24",)),
         until="2026-11-25 10:00"),
    # Israel: the week runs Sun-Thu; Thursday is the last working day, so the Friday-interview
    # norm applies: not Sunday morning, midweek (Mon-Wed) mid-morning.
    case("il-status-thursday-interview",
         sit("2026-11-19T11:00", TLV, purpose="status", country="IL"), "2026-11-20T12:00", "wait_until",
         S("status", "call", r("2026-11-23 10:00-12:00", "2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00"),
           not_days=("2026-11-20", "2026-11-21", "2026-11-22"), window=("2026-11-22 12:00", "2026-12-03 17:00")),
         until="2026-11-23 10:00"),
    # Israel, Sunday interview (first working day): feedback call the next working week, midweek.
    case("il-feedback-sunday-interview",
         sit("2026-11-15T10:00", TLV, purpose="feedback", country="IL"), "2026-11-15T16:00", "wait_until",
         S("feedback", "call", r("2026-11-23 10:00-12:00", "2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00"),
           window=("2026-11-22 09:00", "2026-11-29 17:00")),
         until="2026-11-23 10:00"),
    # Japan: Labor Thanksgiving Day (Mon 23) is off, so Tuesday is the week's first day (its
    # morning gets the week-start penalty); feedback midweek Wed/Thu, then Tuesday 14:00.
    case("jp-feedback-monday-holiday-next-week",
         sit("2026-11-16T10:00", TYO, purpose="feedback", country="JP"), "2026-11-23T10:00", "wait_until",
         S("feedback", "call", r("2026-11-25 10:00-12:00", "2026-11-26 10:00-12:00", "2026-11-24 14:00-15:00"),
           not_days=("2026-11-23",)),
         until="2026-11-25 10:00", notes=("Labor Thanksgiving Day",)),
    # Scotland: St Andrew's Day (Mon 30) is off, so Tuesday 1 is the week's first day; feedback
    # midweek Wed/Thu, then Tuesday 14:00.
    case("gb-sct-feedback-st-andrews-day",
         sit("2026-11-24T10:00", LON, purpose="feedback", country="GB-SCT"), "2026-11-25T10:00", "wait_until",
         S("feedback", "call", r("2026-12-02 10:00-12:00", "2026-12-03 10:00-12:00", "2026-12-01 14:00-15:00"),
           not_days=("2026-11-30",)),
         until="2026-12-02 10:00", notes=("Saint Andrew's Day",)),
    # GB without a region: St Andrew's Day (Scotland only) is a working day against (-3) and
    # the week's first: Tue, Wed and Thu are midweek (5 at 10:00), one range each.
    case("gb-feedback-st-andrews-day-without-region",
         sit("2026-11-24T10:00", LON, purpose="feedback", country="GB"), "2026-11-25T10:00", "wait_until",
         S("feedback", "call", r("2026-12-01 10:00-12:00", "2026-12-02 10:00-12:00", "2026-12-03 10:00-12:00"),
           not_days=("2026-11-30",)),
         until="2026-12-01 10:00", notes=("Saint Andrew's Day", "GB-SCT")),
    # ----------------------------------------------------------------- promises
    # seed/general: promised by Friday: status from the first business day after it (+4 from
    # then on; the promise, not the week after, sets the time). Thanksgiving week: Tue and Wed
    # are midweek (6: Fri 27, kept by 17 of 51 states, is a working day, the week's last, -3);
    # Monday 14:00 (5) is the earliest of the rest. The plan stays open to the fifth working day
    # after the promise (23, 24, 25, 27, 30 Nov): Mon 30 Nov, the horizon's last day too.
    case("us-status-promise-within-horizon",
         sit("2026-11-16T10:00", CHI, purpose="status", country="US", promised_reply_by="2026-11-20"),
         "2026-11-21T10:00", "wait_until",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-23 14:00-15:00"),
           not_days=("2026-11-20", "2026-11-26", "2026-11-27"), window=("2026-11-23 09:00", "2026-11-30 17:00")),
         until="2026-11-24 10:00"),
    # A promise for the day after the interview: no need to wait for the next week; from the
    # day after it (+4), midweek mid-morning (6): Wed, Thu, then Tuesday of the next week
    # (Friday, the week's last day, scores 5).
    case("status-promise-before-next-week",
         sit("2026-11-16T10:00", NY, purpose="status", promised_reply_by="2026-11-17"), "2026-11-17T15:00",
         "wait_until",
         S("status", "call", r("2026-11-18 10:00-12:00", "2026-11-19 10:00-12:00", "2026-11-24 10:00-12:00"),
           window=("2026-11-18 09:00", "2026-11-30 17:00")),
         until="2026-11-18 10:00"),
    # A promise past the 14-day horizon is awaited: the plan stretches to the 5th business day
    # after it (Wed 9 Dec in Scotland); midweek days after it are best (St Andrew's Day makes
    # Thu 3 Dec midweek; Tue 8 and Wed 9 follow).
    case("gb-sct-status-promise-after-horizon",
         sit("2026-11-16T10:00", LON, purpose="status", country="GB-SCT", promised_reply_by="2026-12-02"),
         "2026-11-23T10:00", "wait_until",
         S("status", "call", r("2026-12-03 10:00-12:00", "2026-12-08 10:00-12:00", "2026-12-09 10:00-12:00"),
           window=("2026-12-03 09:00", "2026-12-09 17:00")),
         until="2026-12-03 10:00"),
    # finance: two business days past the promise (Mon 23 forbidden); New York keeps the Friday
    # after Thanksgiving as a working day, so it is the third range.
    case("finance-status-two-days-after-promise",
         sit("2026-11-16T14:00", NY, purpose="status", country="US-NY", industry="finance",
             promised_reply_by="2026-11-20"),
         "2026-11-23T10:00", "wait_until",
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-27 10:00-12:00"),
           not_days=("2026-11-23", "2026-11-26"), window=("2026-11-24 09:00", "2026-11-30 17:00")),
         until="2026-11-24 10:00"),
    # ----------------------------------------------------------- competing offers
    # general: the offer expires the next day: no call can come in time (day after the
    # interview), so an e-mail now; today scores +1 (a day before the deadline).
    case("us-competing-offer-tomorrow-email-now",
         sit("2026-11-17T10:00", NY, purpose="competing_offer", country="US", competing_offer_deadline="2026-11-18"),
         "2026-11-17T11:30", "email_now",
         S("competing_offer", "email", r("2026-11-17 11:00-17:00", "2026-11-18 09:00-17:00"),
           window=("2026-11-17 11:00", "2026-11-18 17:00"))),
    # general: an offer due in a week: a call, early while days remain (+2 +1), Monday 14:00
    # (the week's first morning loses a point), Tuesday mid-morning, Wednesday mid-morning.
    case("us-ny-competing-offer-in-a-week-call",
         sit("2026-11-12T15:00", NY, purpose="competing_offer", country="US-NY",
             competing_offer_deadline="2026-11-19"),
         "2026-11-13T10:00", "wait_until",
         S("competing_offer", "call",
           r("2026-11-16 14:00-15:00", "2026-11-17 10:00-12:00", "2026-11-18 10:00-12:00"),
           window=("2026-11-16 09:00", "2026-11-19 17:00")),
         until="2026-11-16 14:00"),
    # general: a passed deadline gives no contact: the offer has expired.
    case("de-by-competing-offer-expired",
         sit("2026-11-16T10:00", BER, purpose="competing_offer", country="DE-BY",
             competing_offer_deadline="2026-11-18"),
         "2026-11-20T10:00", "too_late",
         S("competing_offer", "none", r())),
    # Friday interview, offer due Monday: a call is allowed in time (Monday afternoon; the
    # morning is core-forbidden), so it is a call; its best hour is 14:00, and the lesser hours
    # that touch it are no second choice.
    case("us-competing-offer-due-monday-after-friday-interview",
         sit("2026-11-20T10:00", NY, purpose="competing_offer", country="US", competing_offer_deadline="2026-11-23"),
         "2026-11-20T11:30", "wait_until",
         S("competing_offer", "call", r("2026-11-23 14:00-15:00"), window=("2026-11-23 12:00", "2026-11-23 17:00")),
         until="2026-11-23 14:00"),
    # The deadline is today: a call now, even late on a Friday afternoon, is better than nothing.
    case("jp-competing-offer-deadline-today-call-now",
         sit("2026-11-16T10:00", TYO, purpose="competing_offer", country="JP", competing_offer_deadline="2026-11-20"),
         "2026-11-20T15:30", "call_now",
         S("competing_offer", "call", r("2026-11-20 15:00-17:00"))),
    # GB without a region, offer due Easter Monday: Good Friday is off and Easter Monday a
    # possible day off, kept free, so no call can be placed in time: an e-mail today.
    case("gb-competing-offer-due-easter-monday-email-now",
         sit("2026-04-02T10:00", LON, purpose="competing_offer", country="GB", competing_offer_deadline="2026-04-06"),
         "2026-04-02T12:30", "email_now",
         S("competing_offer", "email", r("2026-04-02 12:00-17:00"), not_days=("2026-04-03", "2026-04-06"),
           window=("2026-04-02 11:00", "2026-04-02 17:00")),
         notes=("Easter Monday",)),
    # Same in Scotland: Easter Monday is a working day there, so a call fits, but (Thursday was
    # the last working day) only from noon.
    case("gb-sct-competing-offer-due-easter-monday-call",
         sit("2026-04-02T10:00", LON, purpose="competing_offer", country="GB-SCT",
             competing_offer_deadline="2026-04-06"),
         "2026-04-02T12:30", "wait_until",
         S("competing_offer", "call", r("2026-04-06 14:00-15:00"), window=("2026-04-06 12:00", "2026-04-06 17:00")),
         until="2026-04-06 14:00"),
    # core: calls 3 business days apart; after Monday's call, Tue/Wed are too soon for another,
    # and the offer ends Wednesday: an e-mail now (Tue +1 for the day before the deadline).
    case("us-ny-competing-offer-after-recent-call-emails",
         sit("2026-11-30T10:00", NY, purpose="competing_offer", country="US-NY", competing_offer_deadline="2026-12-09",
             contacts=[{"at": "2026-12-07T10:00", "channel": "call"}]),
         "2026-12-08T09:00", "email_now",
         S("competing_offer", "email", r("2026-12-08 09:00-17:00", "2026-12-09 09:00-17:00"))),
    # ---------------------------------------------------------------- sequences
    # Whole sequence with a future offer deadline: thank-you e-mail, the offer call (from Thu,
    # after the thank-you), then the status call at least 3 business days after the offer call.
    case("us-sequence-with-competing-offer",
         sit("2026-11-17T10:00", NY, country="US", competing_offer_deadline="2026-11-23"),
         "2026-11-17T12:30", "email_now",
         S("thank_you", "email",
           r("2026-11-17 12:00-17:00", "2026-11-18 09:00-10:00", "2026-11-19 09:00-17:00")),
         S("competing_offer", "call",
           r("2026-11-19 10:00-12:00", "2026-11-20 10:00-12:00", "2026-11-23 14:00-15:00")),
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-12-01 10:00-12:00"),
           not_days=("2026-11-23", "2026-11-26", "2026-11-27")),
         verdict_purpose="thank_you"),
    # Whole sequence after a Friday interview in Bavaria: thank-you now, status midweek.
    case("de-by-sequence-friday-interview",
         sit("2026-11-13T14:00", BER, country="DE-BY"), "2026-11-13T15:30", "email_now",
         S("thank_you", "email", r("2026-11-13 15:00-17:00", "2026-11-16 09:00-17:00", "2026-11-17 09:00-17:00")),
         S("status", "call", r("2026-11-17 10:00-12:00", "2026-11-18 10:00-12:00", "2026-11-19 10:00-12:00"),
           not_days=("2026-11-16",)),
         verdict_purpose="thank_you"),
    # A sequence reads as a timeline: with the thank-you e-mail best this morning (Tue 17), the
    # status e-mail (IT: by e-mail, allowed from the day after the promise, +4; midweek +1)
    # leaves one working day between them (Wed 18) and starts on Thu 19 (midweek, 5); then
    # Tue 24 and Wed 25 (midweek, 5) before Fri 20 and Mon 23 (4).
    case("it-sequence-thank-you-today-status-a-working-day-later",
         sit("2026-11-16T10:00", NY, industry="it", promised_reply_by="2026-11-16"), "2026-11-17T09:30", "email_now",
         S("thank_you", "email", r("2026-11-17 09:00-10:00", "2026-11-18 09:00-17:00")),
         S("status", "email", r("2026-11-19 09:00-17:00", "2026-11-24 09:00-17:00", "2026-11-25 09:00-17:00"),
           not_days=("2026-11-17", "2026-11-18")),
         verdict_purpose="thank_you"),
    # Whole sequence with a promise (Fri 13): thank-you now; status from Monday 16 (+4 from the
    # first business day after the promise), midweek; the plan stays open to the fifth business
    # day after the promise (Fri 20), past the 14-day horizon (Wed 18).
    case("us-sequence-with-promise",
         sit("2026-11-04T14:00", "America/Los_Angeles", country="US", promised_reply_by="2026-11-13"),
         "2026-11-04T15:30", "email_now",
         S("thank_you", "email",
           r("2026-11-04 15:00-17:00", "2026-11-05 09:00-14:00", "2026-11-06 09:00-17:00")),
         S("status", "call", r("2026-11-17 10:00-12:00", "2026-11-18 10:00-12:00", "2026-11-19 10:00-12:00"),
           window=("2026-11-16 09:00", "2026-11-20 17:00")),
         verdict_purpose="thank_you"),
    # sales: past 24 hours, the thank-you still goes out by the end of the next working day;
    # the status call follows the next week (Thanksgiving week: Tue and Wed midweek, as Fri 27,
    # kept by a third of the states, is a working day).
    case("sales-sequence-late-thank-you-then-status",
         sit("2026-11-18T15:00", CHI, country="US", industry="sales"), "2026-11-19T16:00", "email_now",
         S("thank_you", "email", r("2026-11-19 16:00-17:00"), window=("2026-11-18 16:00", "2026-11-19 17:00")),
         S("status", "call", r("2026-11-24 10:00-12:00", "2026-11-25 10:00-12:00", "2026-11-23 14:00-15:00")),
         verdict_purpose="thank_you"),
    # ----------------------------------------------------- heard back, grievance
    # seed: the employer answered: no status call.
    case("status-heard-back-dont-contact",
         sit("2026-11-16T11:00", LON, purpose="status", heard_back=True), "2026-11-23T10:00", "dont_contact",
         S("status", "none", r())),
    # Heard back, but thanks are still due the same day (Israel, Sunday interview).
    case("il-sequence-heard-back-still-thanks",
         sit("2026-11-15T10:00", TLV, country="IL", heard_back=True), "2026-11-15T13:00", "email_now",
         S("thank_you", "email",
           r("2026-11-15 13:00-17:00", "2026-11-16 09:00-10:00", "2026-11-17 09:00-17:00")),
         S("status", "none", r()),
         verdict_purpose="thank_you"),
    # Heard back and the thank-you time is over: nothing left to do but not to contact.
    case("il-sequence-heard-back-after-thanks",
         sit("2026-11-15T10:00", TLV, country="IL", heard_back=True), "2026-11-19T10:00", "dont_contact",
         S("thank_you", "email", r()),
         S("status", "none", r())),
    # seed: telling them they missed out: don't; move on.
    case("jp-grievance-dont-contact",
         sit("2026-11-18T10:00", TYO, purpose="grievance", country="JP"), "2026-11-25T10:00", "dont_contact",
         S("grievance", "none", r())),
    # -------------------------------------------------------- earlier contacts
    # wiseworq/core: after a status call on Tue 10 (one follow-up of the two general allows),
    # the next follow-up waits 5 days and calls 3 business days: Mon 16 (afternoon) and Tue
    # 17, the horizon's last day.
    case("gb-status-after-an-earlier-call",
         sit("2026-11-03T11:00", LON, purpose="status", country="GB",
             contacts=[{"at": "2026-11-10T10:00", "channel": "call"}]),
         "2026-11-11T10:00", "wait_until",
         S("status", "call", r("2026-11-17 10:00-12:00", "2026-11-16 14:00-15:00", "2026-11-17 14:00-15:00"),
           not_days=("2026-11-11", "2026-11-12", "2026-11-13"),
           note="one more follow-up: the last one was a call on Tue 10 Nov 10:00"),
         until="2026-11-17 10:00"),
    # jobinterview.coach: two follow-ups without an answer, then move on. Both come after the
    # thank-you's window (Sun 1 to Tue 3): both were status follow-ups, the two general allows.
    case("il-status-two-follow-ups-then-stop",
         sit("2026-11-01T10:00", TLV, purpose="status", country="IL",
             contacts=[{"at": "2026-11-09T10:00", "channel": "email"}, {"at": "2026-11-15T10:00", "channel": "call"}]),
         "2026-11-15T12:00", "too_late",
         S("status", "none", r()), reason="you have followed up twice; time to move on"),
    # ---------------------------------------- competing offers, spacing, contacts that count
    # SPEC (an offer is urgent): a deadline tomorrow, two weeks and more after the interview,
    # stretches the plan to it. general: a call (+1 the day before the deadline, mid-morning and
    # 14:00 +1): Wed 10-12 (2), then Thu 10-12 (1, the deadline's day), then Wed 14:00 (2, not
    # touching). Now is Wed 10:00: call now. The plan stays open to the deadline (Thu 19).
    case("us-offer-deadline-tomorrow-past-the-horizon",
         sit("2026-11-02T10:00", NY, purpose="competing_offer", country="US", competing_offer_deadline="2026-11-19"),
         "2026-11-18T10:00", "call_now",
         S("competing_offer", "call", r("2026-11-18 10:00-12:00", "2026-11-19 10:00-12:00", "2026-11-18 14:00-15:00"),
           window=("2026-11-04 09:00", "2026-11-19 17:00")),
         move_on="2026-11-19 17:00"),
    # The same offer in the whole sequence: the thank-you's time is long gone, the offer's step
    # decides the verdict, and no status call is left (the week after is gone, and the plan ends
    # with the deadline, before a working day can lie between the offer call and another).
    case("us-offer-deadline-tomorrow-in-the-sequence",
         sit("2026-11-02T10:00", NY, country="US", competing_offer_deadline="2026-11-19"),
         "2026-11-18T10:00", "call_now",
         S("thank_you", "email", r()),
         S("competing_offer", "call", r("2026-11-18 10:00-12:00", "2026-11-19 10:00-12:00", "2026-11-18 14:00-15:00")),
         S("status", "none", r()),
         verdict_purpose="competing_offer"),
    # consulting: the thank-you goes by the end of the next working day (Tue 3, the working day
    # being over at 17:15). The offer is due Tue 3: it is never dropped for the thank-you's day,
    # and, due the day after the interview, it goes out this evening by e-mail (calls are barred
    # on the interview's day and the next) rather than on the deadline's morning. The status
    # call waits for the week after, midweek mid-morning.
    case("de-consulting-offer-due-tomorrow-kept-beside-the-thank-you",
         sit("2026-11-02T09:00", BER, country="DE", industry="consulting", competing_offer_deadline="2026-11-03"),
         "2026-11-02T17:15", "email_now",
         S("thank_you", "email", r("2026-11-03 09:00-17:00")),
         S("competing_offer", "email", r("2026-11-02 17:15-18:15"), note="e-mail this evening"),
         S("status", "call", r("2026-11-10 10:00-12:00", "2026-11-11 10:00-12:00", "2026-11-12 10:00-12:00")),
         verdict_purpose="competing_offer"),
    # The same with the interview's afternoon still ahead: the offer e-mail goes that afternoon,
    # the thank-you too (within a day, +3), in one message, and nothing waits for the deadline.
    case("de-consulting-offer-due-tomorrow-same-afternoon",
         sit("2026-11-02T09:00", BER, country="DE", industry="consulting", competing_offer_deadline="2026-11-03"),
         "2026-11-02T12:30", "email_now",
         S("thank_you", "email", best0="2026-11-02"),
         S("competing_offer", "email", best0="2026-11-02", note="it can go in the same message as the thank-you"),
         S("status", "call", best0="2026-11-10"),
         verdict_purpose="thank_you"),
    # SPEC: e-mail is fine out of hours for an offer. Friday 19:00, the deadline on Sunday: no
    # working hour is left before it, so e-mail now (for the hour ahead) and ask the other
    # employer for more time; the thank-you still waits for Monday.
    case("us-offer-weekend-deadline-email-out-of-hours",
         sit("2026-11-20T10:00", NY, country="US", competing_offer_deadline="2026-11-22"),
         "2026-11-20T19:00", "email_now",
         S("thank_you", "email", r("2026-11-23 09:00-17:00", "2026-11-24 09:00-17:00")),
         S("competing_offer", "email", r("2026-11-20 19:00-20:00"), note="ask the other employer for more time"),
         S("status", "call", None, not_days=("2026-11-23", "2026-11-24")),
         verdict_purpose="competing_offer"),
    # SPEC: an offer due the day after the interview goes out on the interview's day. A 16:00
    # interview leaves no working hour that day, so the e-mail goes that evening (an hour after
    # the interview started), not on the deadline's morning.
    case("us-offer-due-tomorrow-email-the-interview-evening",
         sit("2026-11-16T16:00", NY, purpose="competing_offer", country="US", competing_offer_deadline="2026-11-17"),
         "2026-11-16T17:00", "email_now",
         S("competing_offer", "email", r("2026-11-16 17:00-18:00"), note="e-mail this evening")),
    case("us-offer-due-tomorrow-in-the-sequence-the-interview-evening",
         sit("2026-11-16T16:00", NY, country="US", competing_offer_deadline="2026-11-17"),
         "2026-11-16T17:00", "email_now",
         S("thank_you", "email", r("2026-11-17 09:00-16:00", "2026-11-18 09:00-17:00")),
         S("competing_offer", "email", r("2026-11-16 17:00-18:00")),
         S("status", "call", None),
         verdict_purpose="competing_offer"),
    # SPEC (contacts are spaced): IT, the offer call's best time is Mon 16 14:00; the status
    # e-mail (IT: by e-mail; week 2 after a Friday interview, midweek +1) leaves Tue 17 free
    # and starts on Wed 18 (1), then Thu 19 (1), then Fri 20 (0), the last working day before
    # the deadline.
    case("in-it-offer-call-then-status-email-a-working-day-later",
         sit("2026-11-06T09:00", KOL, country="IN", industry="it", competing_offer_deadline="2026-11-22"),
         "2026-11-13T13:00", "wait_until",
         S("thank_you", "email", r()),
         S("competing_offer", "call", best0="2026-11-16"),
         S("status", "email", r("2026-11-18 09:00-17:00", "2026-11-19 09:00-17:00", "2026-11-20 09:00-17:00"),
           not_days=("2026-11-16", "2026-11-17")),
         until="2026-11-16 14:00", verdict_purpose="competing_offer"),
    # SPEC (contacts count): an e-mail logged the interview's evening was the thank-you (done, no
    # second thanks); the status call goes ahead: week after +3, midweek +1, 10-12 +1 (Wed 11 is
    # Veterans Day): Tue 10 and Thu 12 (5), then Fri 13 10-12 (4) on a day of its own.
    case("us-evening-email-is-the-thank-you",
         sit("2026-11-02T10:00", NY, country="US", contacts=[{"at": "2026-11-02T18:30", "channel": "email"}]),
         "2026-11-10T10:30", "call_now",
         S("thank_you", "email", r(), done="2026-11-02 18:30 email"),
         S("status", "call", r("2026-11-10 10:00-12:00", "2026-11-12 10:00-12:00", "2026-11-13 10:00-12:00")),
         verdict_purpose="status"),
    # An e-mail on the next morning (Tue 3, within the thank-you's two working days) was the
    # thank-you too: done; the status call is planned (Tue 10 and Thu 12 10-12, 5; Fri 13, 4).
    case("us-next-morning-email-is-the-thank-you",
         sit("2026-11-02T10:00", NY, country="US", contacts=[{"at": "2026-11-03T09:15", "channel": "email"}]),
         "2026-11-10T10:30", "call_now",
         S("thank_you", "email", r(), done="2026-11-03 09:15 email"),
         S("status", "call", r("2026-11-10 10:00-12:00", "2026-11-12 10:00-12:00", "2026-11-13 10:00-12:00")),
         verdict_purpose="status"),
    # A status call recorded on Fri 13: another follow-up would wait 5 days (wiseworq), past the
    # horizon (Tue 17): the status step is done, and the candidate waits for the reply until the
    # plan's end, then moves on (not "its time has passed", not "too late").
    case("gb-status-call-recorded-done-wait-for-the-reply",
         sit("2026-11-03T11:00", LON, purpose="status", country="GB",
             contacts=[{"at": "2026-11-13T10:00", "channel": "call", "purpose": "status"}]),
         "2026-11-16T10:00", "wait_until",
         S("status", "call", r(), done="2026-11-13 10:00 call"),
         until="2026-11-17 17:00",
         reason="every step is done; wait for their reply until Tue 17 Nov 17:00, then move on"),
    case("us-sequence-every-step-done-wait-for-the-reply",
         sit("2026-11-02T10:00", NY, country="US", contacts=[{"at": "2026-11-02T18:30", "channel": "email"},
                                                             {"at": "2026-11-12T10:00", "channel": "call",
                                                              "purpose": "status"}]),
         "2026-11-13T10:00", "wait_until",
         S("thank_you", "email", r(), done="2026-11-02 18:30 email"),
         S("status", "call", r(), done="2026-11-12 10:00 call"),
         until="2026-11-16 17:00"),
    # ------------------------------------------------------ slow-hiring fields
    # legal: without a date, the status e-mail waits two weeks; Christmas Eve (a holiday of 7
    # states, and the quiet season from then to New Year) is a working day against; Christmas is
    # off. Midweek (+1): Thu 17, Tue 22 and Wed 23, one day each.
    case("legal-status-email-after-two-weeks-christmas",
         sit("2026-12-03T10:00", NY, purpose="status", country="US", industry="legal"), "2026-12-04T10:00",
         "wait_until",
         S("status", "email", r("2026-12-17 09:00-17:00", "2026-12-22 09:00-17:00", "2026-12-23 09:00-17:00"),
           not_days=("2026-12-24", "2026-12-25")),
         until="2026-12-17 09:00"),
    # academia: about a month after the interview (days 28-42), midweek; the possible days off
    # around Christmas and New Year are kept free, leaving Dec 29 and 30 as the first and last
    # working days of their week, so the midweek of 5-7 January is best.
    case("academia-feedback-about-a-month-over-christmas",
         sit("2026-11-30T10:00", NY, purpose="feedback", country="US", industry="academia"), "2026-11-30T16:00",
         "wait_until",
         S("feedback", "email", r("2027-01-05 09:00-17:00", "2027-01-06 09:00-17:00", "2027-01-07 09:00-17:00"),
           not_days=("2026-12-25", "2026-12-28", "2026-12-31", "2027-01-01")),
         until="2027-01-05 09:00"),
    # government: the first status e-mail 15 to 20 days in, midweek first.
    case("government-status-fifteen-days",
         sit("2026-11-30T10:00", NY, purpose="status", country="US", industry="government"), "2026-12-01T10:00",
         "wait_until",
         S("status", "email", r("2026-12-15 09:00-17:00", "2026-12-16 09:00-17:00", "2026-12-17 09:00-17:00")),
         until="2026-12-15 09:00"),
    # it: status by e-mail about a working week later (5 business days), the week after preferred;
    # the Friday after Thanksgiving is a possible day off.
    case("it-status-email-a-working-week-later",
         sit("2026-11-18T10:00", NY, purpose="status", country="US", industry="it"), "2026-11-19T10:00",
         "wait_until",
         S("status", "email", r("2026-11-25 09:00-17:00", "2026-12-01 09:00-17:00", "2026-12-02 09:00-17:00"),
           not_days=("2026-11-26", "2026-11-27")),
         until="2026-11-25 09:00"),
    # healthcare: a status call once a full week has passed: after a Friday interview that is the
    # next Friday (the midweek before it is still too early), then midweek of the week after.
    case("healthcare-status-friday-interview-full-week",
         sit("2026-11-06T11:00", NY, purpose="status", country="US", industry="healthcare"), "2026-11-09T10:00",
         "wait_until",
         S("status", "call", r("2026-11-13 10:00-12:00", "2026-11-17 10:00-12:00", "2026-11-18 10:00-12:00"),
           not_days=("2026-11-10", "2026-11-11", "2026-11-12"), window=("2026-11-13 09:00", "2026-11-20 17:00")),
         until="2026-11-13 10:00"),
]


def _range(item: dict[str, str]) -> str:
    start, end = item["start"], item["end"]
    assert start[:10] == end[:10], f"a best range spans two days: {item}"
    return f"{start[:10]} {start[11:16]}-{end[11:16]}"


def _moment(value: str) -> str:
    return f"{value[:10]} {value[11:16]}"


@pytest.mark.parametrize("coach", CASES)
def test_coach_case(coach: Case) -> None:
    plan = engine.advise(coach.situation, now=coach.now, profiles=GENERAL_ONLY).to_dict()
    verdict = plan["now"]
    steps = plan["steps"]
    assert [step["purpose"] for step in steps] == [s.purpose for s in coach.steps]
    for expected, step in zip(coach.steps, steps, strict=True):
        where = f"step {expected.purpose}"
        assert step["action"] == expected.action, where
        ranges = [_range(item) for item in step["best"]]
        days = {item[:10] for item in ranges}
        if expected.ranges is not None:
            assert ranges == list(expected.ranges), where
        if expected.best0 is not None:
            assert ranges and ranges[0][:10] == expected.best0, where
        if expected.days is not None:
            assert days == set(expected.days), where
        for day in expected.not_days:
            assert day not in days, f"{where}: {day} must not be best"
        if expected.done is not None:
            assert "done" in step, f"{where} should be done"
            assert f"{_moment(step['done']['at'])} {step['done']['channel']}" == expected.done, where
            assert step["window"] is None and step["best"] == [] and step["draft"] is None, where
        else:
            assert "done" not in step, f"{where} is not done"
        if expected.note is not None:
            assert expected.note in step.get("note", ""), where
        if expected.window is not None:
            assert step["window"] is not None, where
            window = (_moment(step["window"]["earliest"]), _moment(step["window"]["latest"]))
            assert window == expected.window, where
    assert verdict["verdict"] == coach.verdict, verdict["reason"]
    if coach.verdict == "wait_until":
        assert coach.until is not None
        assert _moment(verdict["until"]) == coach.until
    else:
        assert "until" not in verdict
    if coach.verdict_purpose is not None:
        assert verdict["purpose"] == coach.verdict_purpose
    if coach.reason is not None:
        assert verdict["reason"] == coach.reason
    if coach.move_on is not None:
        assert _moment(plan["move_on_after"]) == coach.move_on
    notes = " ".join(plan["notes"])
    for text in coach.notes:
        assert text in notes, f"notes should name {text!r}"


def test_enough_coach_cases() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("at", ["2026-11-24T09:00", "2026-11-24T13:00", "2026-11-24T14:00"])
def test_a_call_made_at_a_slot_start_spaces_the_next_call(at: str) -> None:
    """A call logged exactly when a slot starts counts for that slot: no second call that day or the next two.

    ``now`` lies before the logged call, as a tracker may give it (the time a plan is asked for is its own).
    """
    plan = engine.advise({"interview": "2026-11-20T14:00", "timezone": "America/New_York", "purpose": "status",
                          "contacts": [{"at": at, "channel": "call"}]}, now="2026-11-23T12:00", profiles=GENERAL_ONLY)
    step = plan.steps[0]
    assert step.action == "call" and step.best
    assert all(item.start.date().isoformat() >= "2026-11-27" for item in step.best), [
        item.start.isoformat() for item in step.best]
