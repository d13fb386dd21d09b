"""Plans in the candidate's language: drafts and text in German, French, Spanish, Japanese and
Brazilian Portuguese, the language chosen by the employer's country, and the catalogs complete.

Expected words are written by hand: the forms of address each language's letters use, CLDR's
names of days and months, and what each language calls today and tomorrow.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_file
from click.testing import CliRunner

import engine
from engine.frontends.cli import main
from engine.language.catalog import default_catalog
from engine.plan import Message
from engine.report.drafts import foreign_greeting
from engine.report.i18n import LOCALE_DIR, catalog, format_day, speaking
from engine.report.ics import render_ics
from engine.report.text import render_text, zone_label
from engine.report.variants import long_day
from engine.report.wording import WORDING, worded
from engine.spellings import TRANSLATED_LANGUAGES
from engine.vocabulary import DRAFT_PARTS

ROOT = Path(__file__).resolve().parent.parent
NAMES = re.compile(r"\{([a-z_]*)\}")


def _msgids() -> list[str | tuple[str, str]]:
    found: list[str | tuple[str, str]] = []
    for path in ("engine/report/text.py", "engine/report/wording.py", "engine/report/ics.py",
                 "engine/frontends/serve/words.py", "engine/report/agenda.py"):
        for _line, message, _comments, _context in extract_from_file("python", str(ROOT / path)):
            if message not in found:
                found.append(message)
    return found


def test_the_template_lists_every_sentence_the_code_translates() -> None:
    template = catalog_ids(LOCALE_DIR / "followup.pot")
    assert template == {message if isinstance(message, str) else message[0] for message in _msgids()}


def catalog_ids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {json.loads(f'"{match}"') for match in re.findall(r'^msgid "(.+)"$', text, flags=re.MULTILINE)}


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_sentence_is_translated_with_its_names_and_plural_forms(language: str) -> None:
    messages = catalog(language)
    assert messages.num_plurals == {"de": 2, "fr": 3, "es": 3, "ja": 1, "pt-BR": 3}[language]
    for msgid in _msgids():
        key = msgid if isinstance(msgid, str) else msgid[0]
        entry = messages.get(key)
        assert entry is not None and entry.string, (language, key)
        wanted = set(NAMES.findall(key))
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(msgid, tuple):
            assert len(forms) == messages.num_plurals, (language, key)
        for form in forms:
            assert form and set(NAMES.findall(form)) == wanted, (language, key, form)


def test_plural_forms_follow_each_language() -> None:
    one, three = (Message("nothing_within", {"channel": "call", "days": days}) for days in (1, 3))
    with speaking("de"):
        assert worded(one, 2026) == "innerhalb von 1 Tag ist keine Zeit für einen Anruf erlaubt"
        assert worded(three, 2026) == "innerhalb von 3 Tagen ist keine Zeit für einen Anruf erlaubt"
    with speaking("ja"):
        assert worded(three, 2026) == "3日以内に電話できる時間がありません"
    with speaking("en-US"):
        assert worded(one, 2026) == "no time for a call is allowed within 1 day"


def test_how_often_is_said_in_words_for_one_and_two() -> None:
    said: dict[str, list[str]] = {}
    with speaking("de"):
        said["de"] = [worded(Message("followed_up", {"count": count}), 2026) for count in (1, 2, 3)]
    with speaking("fr"):
        said["fr"] = [worded(Message("followed_up", {"count": count}), 2026) for count in (1, 2, 3)]
    with speaking("ja"):
        said["ja"] = [worded(Message("followed_up", {"count": count}), 2026) for count in (1, 2, 3)]
    assert said["de"] == ["Sie haben einmal nachgefasst; schauen Sie jetzt nach vorn",
                          "Sie haben zweimal nachgefasst; schauen Sie jetzt nach vorn",
                          "Sie haben 3-mal nachgefasst; schauen Sie jetzt nach vorn"]
    assert said["fr"][2] == "vous avez relancé 3 fois\u00a0; passez à autre chose"
    assert said["ja"][0] == "すでに1回フォローアップしています。次に進みましょう"


def test_every_message_code_is_worded_in_every_language() -> None:
    samples: dict[str, dict[str, Any]] = {
        "offer_expired": {"deadline": date(2026, 11, 20)},
    }
    for language in TRANSLATED_LANGUAGES:
        with speaking(language):
            for code in ("passed", "nothing_after_contact", "no_contact", "time_over", "no_country", *samples):
                text = worded(Message(code, samples.get(code, {})), 2026)
                with speaking("en-US"):
                    english = worded(Message(code, samples.get(code, {})), 2026)
                assert text and text != english, (language, code)
    assert set(WORDING) >= {"passed", "best_now", "public_holidays", "regional_holidays"}


# Per language: the parts each draft must keep (what a reader needs) in every translation.
def _needed(draft_id: str, channel: str) -> set[str]:
    needed = {"greeting", "candidate"} if channel == "email" else {"introduction"}
    if "after-promise" in draft_id:
        needed.add("promised_date")
    if draft_id.startswith("competing-offer"):
        needed.add("offer_deadline")
    return needed


@pytest.mark.parametrize("profile_id", sorted(path.stem for path in (ROOT / "profiles").glob("*.yaml")))
def test_every_bundled_rule_says_why_in_every_language(profile_id: str) -> None:
    profile = default_catalog().resolve(profile_id)
    own = [rule for rule in profile.rules if rule.profile == profile_id]
    assert own
    for rule in own:
        for language in TRANSLATED_LANGUAGES:
            said = rule.why_in(language)
            assert said and said != rule.why and not _ENGLISH.search(said), (rule.id, language, said)


@pytest.mark.parametrize("profile_id", ["core", "general"])
def test_every_core_and_general_draft_is_written_in_every_language(profile_id: str) -> None:
    profile = default_catalog().resolve(profile_id)
    own = [draft for draft in profile.drafts if draft.profile == profile_id]
    assert own
    for draft in own:
        for language in TRANSLATED_LANGUAGES:
            parts = draft.parts_in(language)
            assert parts is not None, (draft.id, language)
            assert [part for part, _ in parts] == list(DRAFT_PARTS[draft.channel]), (draft.id, language)
            used = {name for _, text in parts for name in NAMES.findall(text)}
            assert _needed(draft.id, draft.channel) <= used, (draft.id, language, used)


BERLIN = {"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE", "purpose": "thank_you",
          "company": "Acme", "role": "Datenanalyst", "candidate": "Jonas Weber"}


def _draft(situation: dict[str, Any], now: str, key: str = "draft") -> dict[str, Any]:
    draft: dict[str, Any] = engine.advise(situation, now=now).to_dict()["steps"][0][key]
    return draft


@pytest.mark.parametrize(("country", "zone", "language"), [
    ("DE", "Europe/Berlin", "de"), ("AT", "Europe/Vienna", "de"), ("FR", "Europe/Paris", "fr"),
    ("ES", "Europe/Madrid", "es"), ("MX", "America/Mexico_City", "es"), ("JP", "Asia/Tokyo", "ja"),
    ("BR", "America/Sao_Paulo", "pt-BR"), ("GB", "Europe/London", "en-GB"), ("US", "America/New_York", "en-US"),
    ("IT", "Europe/Rome", "en-US"), (None, "Asia/Tokyo", "ja"),
])
def test_a_plan_is_written_in_its_employers_language(country: str | None, zone: str, language: str) -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": zone, "purpose": "thank_you"}
    if country:
        situation["country"] = country
    assert _draft(situation, "2026-11-17T13:00")["language"] == language


@pytest.mark.parametrize(("tag", "language"), [("en", "en-US"), ("EN-gb", "en-GB"), ("ja", "ja"), ("pt", "pt-BR"),
                                               ("PT-br", "pt-BR")])
def test_a_language_given_wins_over_the_country(tag: str, language: str) -> None:
    assert _draft({**BERLIN, "language": tag}, "2026-11-17T13:00")["language"] == language


@pytest.mark.parametrize(("interviewer", "greeting"), [
    (None, "Sehr geehrte Damen und Herren,"), ("Frau Huber", "Sehr geehrte Frau Huber,"),
    ("Herr Huber", "Sehr geehrter Herr Huber,"), ("Alex Huber", "Guten Tag Alex Huber,"),
    ("Dr. Huber", "Guten Tag Dr. Huber,"),
])
def test_a_german_draft_greets_formally_without_guessing_a_gender(interviewer: str | None, greeting: str) -> None:
    situation = dict(BERLIN, **({"interviewer": interviewer} if interviewer else {}))
    draft = _draft(situation, "2026-11-17T13:00")
    assert draft["body"].startswith(greeting + "\n\nvielen Dank")
    assert draft["subject"] == "Vielen Dank für das Gespräch heute"
    # Sent on the interview day, the mail says "today" (as its subject does), not the date.
    assert "vielen Dank, dass Sie sich heute Zeit" in draft["body"] and "die Stelle als Datenanalyst bei Acme" in draft["body"]
    assert draft["body"].endswith("Mit freundlichen Grüßen\nJonas Weber")


@pytest.mark.parametrize(("language", "interviewer", "greeting", "date"), [
    ("ja", "田中", "田中様", "11月17日（火）"),
    ("ja", "Tanaka-san", "Tanaka様", "11月17日（火）"),
    ("ja", "Ms Rivera", "Rivera様", "11月17日（火）"),
    ("ja", None, "採用ご担当者様", "11月17日（火）"),
    ("fr", None, "Madame, Monsieur,", "mardi 17 novembre"),
    ("fr", "Mme Martin", "Bonjour Mme Martin,", "mardi 17 novembre"),
    ("es", None, "Estimado/a responsable de selección:", "martes 17 de noviembre"),
    ("es", "Sra. López", "Estimada Sra. López:", "martes 17 de noviembre"),
    ("pt-BR", None, "Prezada equipe de recrutamento,", "terça-feira, 17 de novembro"),
    ("pt-BR", "Sr. Silva", "Prezado Sr. Silva,", "terça-feira, 17 de novembro"),
])
def test_each_language_greets_and_dates_its_own_way(language: str, interviewer: str | None, greeting: str,
                                                    date: str) -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE",
                 "purpose": "status", "language": language, "company": "Acme", "candidate": "Ana Ruiz"}
    if interviewer:
        situation["interviewer"] = interviewer
    draft = _draft(situation, "2026-11-24T09:00")
    assert draft["language"] == language
    if "body" in draft:
        assert draft["body"].split("\n")[0] == greeting
        assert date in draft["body"] or (language == "pt-BR" and date in draft["body"].replace("na ", ""))
    else:  # a call: who is calling comes first, and the interview's date
        assert "Ana Ruiz" in draft["opening"] and date in draft["opening"]


@pytest.mark.parametrize(("language", "deadline", "said"), [
    ("de", "2026-11-17", "bis morgen"), ("de", "2026-11-20", "bis Freitag"), ("de", "2026-12-04", "bis Freitag, 4. Dezember"),
    ("ja", "2026-11-17", "明日までに"), ("ja", "2026-11-20", "11月20日（金）までに"), ("fr", "2026-11-17", "d'ici demain"),
    ("fr", "2026-12-04", "d'ici le vendredi 4 décembre"), ("es", "2026-11-20", "a más tardar el viernes"),
    ("pt-BR", "2026-11-17", "até amanhã"),
])
def test_a_deadline_is_seen_from_the_day_of_sending(language: str, deadline: str, said: str) -> None:
    # Monday's interview, the other offer to answer by the deadline: the message goes out that afternoon or
    # on Wednesday (a call waits two days), from where each deadline reads the same.
    situation = {"interview": "2026-11-16T10:00", "timezone": "Europe/Berlin", "country": "DE-BE",
                 "purpose": "competing_offer", "competing_offer_deadline": deadline, "language": language,
                 "company": "Acme", "candidate": "Ana Ruiz"}
    step = engine.advise(situation, now="2026-11-16T12:00").to_dict()["steps"][0]
    assert step["best"][0]["start"][:10] in ("2026-11-16", "2026-11-18")  # the words hold from either day
    words = " ".join(str(step["draft"][part]) for part in ("body", "opening", "question") if part in step["draft"])
    assert said in words, words


# English function words that a translated text must not contain outside the profile's own words.
_ENGLISH = re.compile(r"\b(the|and|your|you|with|after|before|Now|Send|Call|Why|Best)\b")  # not "for": Portuguese

PLANS = [
    ({"purpose": "thank_you"}, "2026-11-17T13:00"),
    ({"purpose": "status", "promised_reply_by": "2026-11-27"}, "2026-11-30T09:00"),
    ({"purpose": "competing_offer", "competing_offer_deadline": "2026-11-27"}, "2026-11-18T09:00"),
    ({"purpose": "grievance"}, "2026-11-18T09:00"),
]


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
@pytest.mark.parametrize(("extra", "now"), PLANS)
def test_no_english_is_left_in_a_translated_text(language: str, extra: dict[str, Any], now: str) -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE", "language": language,
                 "company": "Acme", "candidate": "Ana Ruiz", "interviewer": "Herr Huber", **extra}
    plan = engine.advise(situation, now=now)
    text = render_text(plan, explain=True)
    body, _sources = text.split("\n\n" + {"de": "Quellen:", "fr": "Sources\u00a0:", "es": "Fuentes:", "ja": "出典：",
                                          "pt-BR": "Fontes:"}[language], 1)
    # The profile's name is its own; core's and general's reasons are written in every language.
    assert {"de": "(auf Englisch)", "ja": "（英語）", "fr": "(en anglais)", "es": "(en inglés)",
            "pt-BR": "(em inglês)"}[language] not in body
    own = body.replace(plan.profile.name, "")
    assert not _ENGLISH.findall(own), own
    assert ("Ana Ruiz" in text) == (extra["purpose"] != "grievance")  # a draft, in the language, where there is one


def test_german_and_japanese_text_read_in_their_language_end_to_end() -> None:
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-17T10:00", "--timezone", "Europe/Berlin",
                                       "--purpose", "thank_you", "--now", "2026-11-17T13:00"], env={"TZ": "Europe/Berlin"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Jetzt (Di., 17. Nov. 13:00 Ortszeit Berlin): ein guter Zeitpunkt – "
                                    "Dankes-E-Mail schreiben\n")
    assert "   Am besten: Di., 17. Nov. 13:00–17:00 (jetzt)\n" in result.output
    assert "Sehr geehrte Damen und Herren," in result.output
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-17T10:00", "--timezone", "Asia/Tokyo",
                                       "--purpose", "thank_you", "--now", "2026-11-17T13:00"], env={"TZ": "Europe/Berlin"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("現在（11月17日(火) 13:00 日本時間、05:00 ドイツ（ベルリン）時間）：お礼のメールを送るのに良いタイミ\n"
                                    "  ングです\n")
    assert "件名：" in result.output and "本日の面接のお礼" in result.output


def test_language_en_gives_english_for_a_german_employer() -> None:
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-17T10:00", "--timezone", "Europe/Berlin",
                                       "--purpose", "thank_you", "--now", "2026-11-17T13:00", "--language", "en"],
                               env={"TZ": "Europe/Berlin"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Now (Tue 17 Nov 13:00 Berlin time): a good moment — send a thank-you e-mail\n")
    assert "Dear Hiring Manager," in result.output and "Ortszeit" not in result.output


def test_a_calendar_reminds_in_the_plans_language() -> None:
    plan = engine.advise({"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE",
                          "company": "Acme"}, now="2026-11-17T13:00")
    calendar = render_ics(plan).decode().replace("\r\n ", "")
    assert "SUMMARY:Acme: nachfassen\\, um sich zu bedanken" in calendar
    anonymous = engine.advise({"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE"},
                              now="2026-11-17T13:00")
    assert "SUMMARY:Nachfassen: E-Mail\\, um sich zu bedanken" in render_ics(anonymous).decode()
    assert "Am besten: Di.\\, 17. Nov. 13:00–17:00 (Europe/Berlin)" in calendar
    assert "Sehr geehrte Damen und Herren" in calendar


def test_a_reason_is_said_in_the_plans_language_or_marked_english(tmp_path: Path) -> None:
    # A profile of one's own whose reason is written in English only, beside the bundled ones.
    (tmp_path / "firm.yaml").write_text(
        "id: firm\nname: Our firm\nextends: legal\nsources:\n  notes: {title: Our notes}\nrules:\n"
        "  - id: firm-thanks-by-email\n    when: {purpose: thank_you}\n    then: {recommend: email}\n"
        "    why: Our partners read their e-mail first.\n    source: notes\n", encoding="utf-8")
    situation = {"interview": "2026-11-17T10:00", "timezone": "Europe/Berlin", "country": "DE", "industry": "firm"}
    catalog = engine.Catalog(dirs=[tmp_path])
    text = render_text(engine.advise(situation, now="2026-11-17T13:00", profiles=catalog))
    # general's and legal's rules in German; the firm's, written in English only, marked so.
    flat = " ".join(text.split())  # as read, whatever the wrapping
    assert "Ein Dank innerhalb eines Tages kommt an, solange das Gespräch noch frisch in Erinnerung ist." in flat
    assert "Our partners read their e-mail first. (auf Englisch) [" in flat
    assert flat.count("(auf Englisch)") == 1  # every bundled reason has its German
    french = render_text(engine.advise({**situation, "language": "fr"}, now="2026-11-17T13:00", profiles=catalog))
    flat = " ".join(french.split())
    assert "Un remerciement envoyé dans la journée arrive pendant que l'échange est encore frais. [" in flat
    assert "Our partners read their e-mail first. (en anglais) [" in flat


def test_holidays_are_named_in_the_plans_language() -> None:
    plan = engine.advise({"interview": "2026-11-20T10:00", "timezone": "Asia/Tokyo", "country": "JP",
                          "purpose": "status"}, now="2026-11-20T12:00")
    assert "11月23日(月)（勤労感謝の日）" in render_text(plan)


def test_validate_checks_each_declared_language(tmp_path: Path) -> None:
    profile = ("id: clinic\nname: Clinic\nextends: general\nlanguages: [de]\nrules: []\ndrafts:\n"
               "  - id: clinic-thanks\n    purpose: thank_you\n    channel: email\n    when: {traditional: true}\n"
               "    subject: Thanks\n    body: \"{greeting}\\n\\nThank you.\\n\\n{candidate}\"\n")
    (tmp_path / "clinic.yaml").write_text(profile, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "clinic.yaml")])
    assert result.exit_code == 1, result.output
    assert "clinic.yaml:7" in result.output and "D608" in result.output and "de" in result.output
    fixed = profile + ("    translations:\n      de:\n        subject: Danke\n"
                       "        body: \"{greeting}\\n\\nvielen Dank.\\n\\n{candidate}\"\n")
    (tmp_path / "clinic.yaml").write_text(fixed, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "clinic.yaml")])
    assert result.exit_code == 0, result.output


def test_a_translation_with_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    profile = ("id: clinic\nname: Clinic\nextends: general\nrules: []\ndrafts:\n"
               "  - id: thank-you-email\n    purpose: thank_you\n    channel: email\n"
               "    subject: Thanks\n    body: \"{greeting}\\n\\nThank you.\\n\\n{candidate}\"\n"
               "    translations:\n      de:\n        subject: Danke\n        body: \"{grusswort}\\n\\nDanke.\"\n")
    (tmp_path / "clinic.yaml").write_text(profile, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "clinic.yaml")])
    assert result.exit_code == 1 and "D601" in result.output and "{grusswort}" in result.output, result.output


def test_the_agenda_writes_drafts_in_the_language_asked() -> None:
    args = ["agenda", str(ROOT / "docs" / "agenda-example.csv"), "--now", "2026-11-23T09:00"]
    result = CliRunner().invoke(main, [*args, "--language", "ja"])
    # The agenda is written in the language asked, and so is what to say.
    assert result.output.splitlines()[1].startswith("予定：応募20件、今後7日間。"), result.output
    assert "件名：   11月20日（金）の面接のお礼\n        Rivera様\n" in result.output, result.output
    refused = CliRunner().invoke(main, [*args, "--language", "xx"])
    assert refused.exit_code == 2 and "--language: unsupported language 'xx'" in refused.output
    assert "Traceback" not in refused.output


# What the native-speaker reviews asked for, written by hand from each language's usage.

@pytest.mark.parametrize(("name", "language", "greeting"), [
    ("Mme Martin", "fr", "Bonjour Madame Martin,"), ("Ms Martin", "fr", "Bonjour Madame Martin,"),
    ("M. Dupont", "fr", "Bonjour Monsieur Dupont,"), ("Claude Martin", "fr", "Bonjour Claude Martin,"),
    ("Dra. Ruiz", "es", "Estimada Dra. Ruiz:"), ("doña Carmen Ruiz", "es", "Estimada doña Carmen Ruiz:"),
    ("don José Pérez", "es", "Estimado don José Pérez:"), ("Dra. Souza", "pt-BR", "Prezada Dra. Souza,"),
    ("Dr. Souza", "pt-BR", "Prezado Dr. Souza,"),
])
def test_a_greeting_writes_the_title_as_the_language_does(name: str, language: str, greeting: str) -> None:
    assert foreign_greeting(name, language, casual=False) == greeting


def test_the_first_of_the_month_is_an_ordinal_in_french_and_portuguese() -> None:
    first = date(2026, 12, 1)
    assert long_day(first, "fr", year=2026) == "mardi 1er décembre"
    assert long_day(first, "pt-BR", year=2026) == "terça-feira, 1º de dezembro"
    assert long_day(date(2026, 12, 11), "fr", year=2026) == "vendredi 11 décembre"
    with speaking("fr"):
        assert format_day(first, year=2026) == "mar. 1er déc."


def test_a_zone_is_named_as_the_language_names_it() -> None:
    moment = datetime(2026, 11, 17, 10, 0, tzinfo=ZoneInfo("UTC"))
    with speaking("ja"):
        assert zone_label("Asia/Tokyo", ZoneInfo("Asia/Tokyo"), moment) == "日本時間"
    with speaking("pt-BR"):
        assert zone_label("America/Sao_Paulo", ZoneInfo("America/Sao_Paulo"), moment) == "horário de São Paulo"
    # The city as German, Spanish and French readers write it, not the zone's English key.
    with speaking("de"):
        assert zone_label("Europe/Vienna", ZoneInfo("Europe/Vienna"), moment) == "Ortszeit Wien"
        assert zone_label("Europe/Zurich", ZoneInfo("Europe/Zurich"), moment) == "Ortszeit Zürich"
    with speaking("es"):
        assert zone_label("America/New_York", ZoneInfo("America/New_York"), moment) == "hora de Nueva York"
        assert zone_label("Europe/Copenhagen", ZoneInfo("Europe/Copenhagen"), moment) == "hora de Copenhague"
    with speaking("fr"):
        assert zone_label("Europe/Vienna", ZoneInfo("Europe/Vienna"), moment) == "heure de Vienne"
        assert zone_label("Africa/Cairo", ZoneInfo("Africa/Cairo"), moment) == "heure du Caire"


def test_a_portuguese_date_inside_a_sentence_is_closed_by_a_comma() -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": "America/Sao_Paulo", "country": "BR", "purpose": "status",
                 "company": "Acme", "role": "analista de dados", "candidate": "Ana Lima"}
    step = engine.advise(situation, now="2026-11-26T10:00").to_dict()["steps"][0]
    words = " ".join(str(step["draft"][part]) for part in ("body", "opening") if part in step["draft"])
    assert "terça-feira, 17 de novembro, para" in words, words
    assert "na Acme" in words and "em Acme" not in words, words


def test_a_japanese_letter_calls_the_company_kisha() -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": "Asia/Tokyo", "purpose": "thank_you",
                 "company": "株式会社アクメ", "role": "データアナリスト", "candidate": "山田花子"}
    draft = engine.advise(situation, now="2026-11-17T13:00").to_dict()["steps"][0]["draft"]
    assert draft["channel"] == "email" and "貴社" in draft["body"] and "御社" not in draft["body"], draft["body"]


def test_a_country_is_named_in_the_plans_language() -> None:
    situation = {"interview": "2026-11-17T10:00", "timezone": "Asia/Tokyo", "purpose": "status"}
    text = render_text(engine.advise(situation, now="2026-11-18T10:00"))
    assert "日本の祝日には連絡しません" in text and "JPの" not in text
    spanish = render_text(engine.advise({**situation, "interview": "2026-12-01T10:00", "timezone": "Europe/Madrid",
                                         "country": "ES", "language": "es"},
                                        now="2026-12-02T10:00"))
    assert "días festivos de España" in spanish and "de ES:" not in spanish


@pytest.mark.parametrize(("now", "opening"), [
    ("2026-11-17T09:00", "Buenos días, le habla Ana García."),    # the call's best time: 10:00
    ("2026-11-17T14:30", "Buenas tardes, le habla Ana García."),  # after lunch: 16:00
])
def test_a_spanish_call_greets_by_the_hour_it_is_made(now: str, opening: str) -> None:
    plan = engine.advise({"interview": "2026-11-10T10:00", "timezone": "Europe/Madrid", "purpose": "feedback",
                          "candidate": "Ana García"}, now=now).to_dict()
    assert plan["steps"][0]["draft"]["opening"].startswith(opening)


@pytest.mark.parametrize("profile_id", sorted(path.stem for path in (ROOT / "profiles").glob("*.yaml")))
def test_every_bundled_profile_is_named_in_every_language(profile_id: str) -> None:
    profile = engine.default_catalog().resolve(profile_id)
    assert sorted(dict(profile.names)) == sorted(TRANSLATED_LANGUAGES)


def test_a_german_plan_names_its_profile_in_german() -> None:
    situation = {"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin", "industry": "legal"}
    text = render_text(engine.advise(situation, now="2026-11-23T10:00"), drafts=False)
    assert "Rechtswesen (Kanzleien, Rechtsabteilungen, Gerichte); Regeln aus legal, de" in " ".join(text.split())
    assert "Legal (law firms" not in text
    english = render_text(engine.advise({**situation, "language": "en"}, now="2026-11-23T10:00"), drafts=False)
    assert "Legal (law firms, in-house legal, courts)" in english



def test_a_plan_names_the_profile_asked_for_not_the_overlay_in_every_language() -> None:
    # The country's overlay sits nearest to general in a German plan of general's: the plan is
    # still general's, in English and in German alike.
    situation = {"interview": "2026-11-20T14:00", "timezone": "Europe/Berlin", "industry": "general"}
    german = " ".join(render_text(engine.advise(situation, now="2026-11-23T10:00"), drafts=False).split())
    assert "Profil: Allgemeine Gepflogenheiten; Regeln aus de, general, core" in german
    assert "Deutschland (Länderprofil)" not in german
    english = " ".join(render_text(engine.advise({**situation, "language": "en"}, now="2026-11-23T10:00"),
                                   drafts=False).split())
    assert "Profile: General etiquette; rules from de, general, core" in english
