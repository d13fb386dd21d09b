"""The page at ``/`` in a real headless Chromium, driven by Selenium, against a running server.

A candidate's path: fill the form, submit it from the keyboard, read the timeline (verdict
first, in the employer's time and their own), copy a draft or open it in the mail client,
add a step or the whole plan to a calendar; and a bad time zone, shown beside its field.
At phone and desktop widths, in light and dark mode: no sideways scrolling, nothing raw
(ISO timestamps, ids) in the text, a visible focus ring, and no axe-core violations.
Screenshots are saved under $FOLLOWUP_SCREENSHOTS (default: a folder in pytest's temporary
directory, printed by the test); ``FOLLOWUP_SCREENSHOTS=docs`` refreshes the documentation's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from serve_live import live_server
from third_party import axe_source, unavailable

import engine
from engine.frontends.cli import main
from engine.report.text import PURPOSE_PHRASES

NOW = "2026-11-21T10:00"
SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US",
             "candidate": "Ada Lovelace", "company": "Initech"}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# The candidate is in Berlin, six hours ahead of the employer in New York.
MY_ZONE = "Europe/Berlin"
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _browser_paths() -> tuple[str, str] | None:
    browser = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                    if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("FOLLOWUP_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    paths = _browser_paths()
    if paths is None:
        unavailable("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": MY_ZONE})
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as url:
        yield url


def _wait(condition: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the page")
        time.sleep(0.1)


def _screenshot(driver: Any, path: Path, width: int, height: int) -> None:
    """The whole page at this viewport width (as tall as its content)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": max(height, int(full))})
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _fill(driver: Any, situation: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    date, clock = situation["interview"].split("T")
    for field, value in (("interview-date", date), ("interview-time", clock)):  # the pickers' typing is locale-bound
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    for field in ("timezone", "country", "candidate", "company"):
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(situation.get(field, ""))
    Select(driver.find_element(By.ID, "industry")).select_by_value(situation.get("industry", "general"))
    if "language" in situation:
        Select(driver.find_element(By.ID, "language")).select_by_value(situation["language"])


@pytest.mark.slow
def test_a_candidate_plans_reads_the_timeline_and_downloads_the_calendar(
        browser: Any, server: str, downloads: Path, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{server}/?now={NOW}")
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0).map(e => e.id)")
    assert unlabelled == []
    _fill(browser, SITUATION)
    browser.find_element(By.ID, "submit").send_keys(Keys.ENTER)  # the keyboard, as a form is sent without a mouse
    plan_box = _wait(lambda: (box := browser.find_element(By.ID, "plan")).is_displayed() and box)

    expected = engine.advise(SITUATION, now=NOW).to_dict()
    verdict = browser.find_element(By.ID, "verdict").text
    # The verdict first: Saturday, so wait for Monday's office hours in New York (15:00 in Berlin).
    assert verdict == "Wait until Mon 23 Nov, 09:00 New York time\nThat is 15:00 your time. Then send a thank-you e-mail."
    assert expected["now"]["until"] == "2026-11-23T09:00:00-05:00"
    steps = browser.find_elements(By.CSS_SELECTOR, "#steps > li")
    assert len(steps) == len(expected["steps"])
    headings = [step.find_element(By.CSS_SELECTOR, "h3 .title").text for step in steps]
    actions = {"call": "Call", "email": "E-mail", "none": "No contact"}
    assert headings == [f"{actions[step['action']]} to {PURPOSE_PHRASES[step['purpose']]}" for step in expected["steps"]]
    assert headings[0] == "E-mail to say thank you"
    for step, shown in zip(expected["steps"], steps, strict=True):  # a draft, where the plan has one, is shown whole
        draft = step.get("draft") or {}
        texts = [draft[part] for part in ("subject", "body", "opening", "question", "close") if draft.get(part)]
        assert all(" ".join(text.split()) in " ".join(shown.text.split()) for text in texts)
    first = steps[0].find_element(By.CSS_SELECTOR, ".when").text
    assert first == "Best time: Mon 23 Nov, 09:00\u201317:00 New York time (15:00\u201323:00 your time)"
    assert plan_box.find_element(By.ID, "move-on").text.startswith("If you have heard nothing by")
    for name, (width, height) in SIZES.items():
        _screenshot(browser, shots / f"serve-page-{name}.png", width, height)

    for old in downloads.glob("*"):
        old.unlink()
    browser.find_element(By.ID, "download").click()
    saved = _wait(lambda: [path for path in downloads.glob("*.ics")])
    printed = CliRunner().invoke(main, ["advise", "--now", NOW, "--format", "ics", "--input", "-"],
                                 input=json.dumps(SITUATION)).stdout_bytes
    assert saved[0].name == "followup-plan.ics"
    assert _wait(lambda: saved[0].read_bytes()) == printed
    print(f"screenshots in {shots}")


@pytest.mark.slow
def test_a_bad_time_zone_is_shown_beside_its_field(browser: Any, server: str, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/?now={NOW}")
    _fill(browser, {**SITUATION, "timezone": "America/New_Yrok"})
    browser.find_element(By.ID, "submit").click()
    error = _wait(lambda: (box := browser.find_element(By.ID, "error")).is_displayed() and box)
    assert error.text == "timezone: unknown time zone 'America/New_Yrok' (did you mean 'America/New_York'?)"
    zone = browser.find_element(By.ID, "timezone")
    assert zone.get_attribute("aria-invalid") == "true"
    assert browser.switch_to.active_element == zone
    assert not browser.find_element(By.ID, "plan").is_displayed()
    _screenshot(browser, shots / "serve-page-error-phone.png", *SIZES["phone"])


def _open_plan(driver: Any, server: str, width: int, height: int, *, dark: bool = False) -> Any:
    from selenium.webdriver.common.by import By

    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    driver.get(f"{server}/?now={NOW}")
    _fill(driver, SITUATION)
    driver.find_element(By.ID, "submit").click()
    return _wait(lambda: (box := driver.find_element(By.ID, "plan")).is_displayed() and box)


def _reset(driver: Any) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def _luminance(color: str) -> float:
    """WCAG relative luminance of a computed ``rgb(r, g, b)`` color."""
    channels = [int(value) / 255 for value in re.findall(r"\d+(?:\.\d+)?", color)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _ids(plan: dict[str, Any]) -> set[str]:
    """The machine names a plan holds that a person must never see: rule, draft and source ids."""
    found: set[str] = set()
    for step in plan["steps"]:
        found.add(step["purpose"])
        for reason in step["reasons"]:
            found.add(reason["rule"])
            found.update(source["id"] for source in reason["sources"])
        for draft in (step.get("draft"), step.get("alternative")):
            if draft:
                found.add(draft["id"])
                found.update(source["id"] for source in draft["sources"])
    # An id that is also an ordinary word ("seed", "vault") can appear in prose: only compound ids count.
    return {name for name in found if "-" in name or "_" in name}


@pytest.mark.slow
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_plan_is_a_page_to_act_from(browser: Any, server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    width, height = SIZES[size]
    expected = engine.advise(SITUATION, now=NOW).to_dict()
    try:
        plan_box = _open_plan(browser, server, width, height)
        # Nothing wider than the screen, even the sources' long addresses.
        for details in browser.find_elements(By.CSS_SELECTOR, "#plan details"):
            browser.execute_script("arguments[0].open = true", details)
        assert browser.execute_script("return document.scrollingElement.scrollWidth <= window.innerWidth")
        # Nothing raw in what a person reads: no ISO timestamps, no rule, draft or source ids.
        shown = browser.execute_script("return document.body.innerText")
        assert not ISO_MOMENT.search(shown), ISO_MOMENT.search(shown)
        assert [name for name in _ids(expected) if name in shown] == []
        assert "America/New_York" not in plan_box.text

        # Sources are numbered footnotes: each title linked to its address, marks pointing at them.
        sources = {source["title"]: source["url"] for step in expected["steps"] for reason in step["reasons"]
                   for source in reason["sources"]}
        notes = browser.find_elements(By.CSS_SELECTOR, "#sources > li")
        assert {note.text for note in notes} >= set(sources)
        for note in notes:
            links = note.find_elements(By.TAG_NAME, "a")
            if sources.get(note.text):
                assert links[0].get_attribute("href") == sources[note.text]
        marks = browser.find_elements(By.CSS_SELECTOR, ".reasons sup a")
        assert marks and all(re.fullmatch(r"\[\d+\]", mark.text) for mark in marks)
        assert {mark.get_attribute("href").rsplit("#", 1)[1] for mark in marks} <= {note.get_attribute("id") for note in notes}

        # The thank-you e-mail: its mailto link opens the mail client with subject and body filled.
        draft = expected["steps"][0]["draft"]
        first = browser.find_element(By.CSS_SELECTOR, "#steps > li")
        href = first.find_element(By.CSS_SELECTOR, "a.mailto").get_attribute("href")
        scheme, _, query = href.partition("?")
        fields = urllib.parse.parse_qs(query, keep_blank_values=True)
        assert scheme == "mailto:"
        assert fields["subject"] == [draft["subject"]]
        assert [text.replace("\r\n", "\n") for text in fields["body"]] == [draft["body"]]

        # The focus ring: at least 3:1 against the page (WCAG 1.4.11).
        box = browser.find_element(By.ID, "candidate")
        box.click()
        ring = browser.execute_script("return getComputedStyle(document.activeElement).outlineColor")
        paper = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert _contrast(ring, paper) >= 3, (ring, paper)
        if size == "phone":  # and the narrowest phones
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
            assert browser.execute_script("return document.scrollingElement.scrollWidth <= window.innerWidth")
    finally:
        _reset(browser)


@pytest.mark.slow
def test_copy_uses_the_clipboard_or_selects_the_message(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    draft = engine.advise(SITUATION, now=NOW).to_dict()["steps"][0]["draft"]
    try:
        _open_plan(browser, server, *SIZES["desktop"])
        origin = server
        browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": [
            "clipboardReadWrite", "clipboardSanitizedWrite"]})
        first = browser.find_element(By.CSS_SELECTOR, "#steps > li")
        first.find_element(By.CSS_SELECTOR, "button.copy").click()
        status = first.find_element(By.CSS_SELECTOR, ".message .status")
        _wait(lambda: status.text)
        assert status.text == "Copied."
        copied = browser.execute_async_script(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, (e) => done('failed: ' + e))")
        assert copied == f"Subject: {draft['subject']}\n\n{draft['body']}"

        # Without a clipboard (an insecure origin, an old browser): the message is selected to copy by hand.
        browser.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})")
        first.find_element(By.CSS_SELECTOR, "button.copy").click()
        _wait(lambda: status.text.startswith("Selected"))
        assert status.text == "Selected: press Ctrl+C (\u2318C on a Mac) to copy."
        selected = browser.execute_script("return window.getSelection().toString()")
        assert " ".join(draft["body"].split()) in " ".join(selected.split())
        assert draft["subject"] in selected
    finally:
        _reset(browser)


@pytest.mark.slow
def test_a_step_goes_to_the_calendar_on_its_own(browser: Any, server: str, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    try:
        _open_plan(browser, server, *SIZES["desktop"])
        for old in downloads.glob("*"):
            old.unlink()
        browser.find_element(By.CSS_SELECTOR, "#steps > li button.calendar").click()
        saved = _wait(lambda: [path for path in downloads.glob("*.ics")])
        assert saved[0].name == "followup-say-thank-you.ics"
        data = _wait(lambda: saved[0].read_bytes())
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
        assert data.count(b"BEGIN:VEVENT") == 1
        assert "SUMMARY:Initech: say thank you" in data.decode()
    finally:
        _reset(browser)


@pytest.mark.slow
def test_dark_mode_has_light_text_on_a_dark_page(browser: Any, server: str, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    try:
        _open_plan(browser, server, *SIZES["phone"], dark=True)
        paper = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        ink = browser.execute_script("return getComputedStyle(document.body).color")
        assert _luminance(paper) < 0.05 and _luminance(ink) > 0.6
        message = browser.find_element(By.CSS_SELECTOR, ".message-text")
        assert _contrast(browser.execute_script("return getComputedStyle(arguments[0]).color", message),
                         browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", message)) >= 7
        browser.find_element(By.ID, "candidate").click()
        ring = browser.execute_script("return getComputedStyle(document.activeElement).outlineColor")
        assert _contrast(ring, paper) >= 3, (ring, paper)
        _screenshot(browser, shots / "serve-page-dark-phone.png", *SIZES["phone"])
    finally:
        _reset(browser)


@pytest.mark.slow
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_core_finds_no_violations_in_the_plan(browser: Any, server: str, dark: bool) -> None:
    from selenium.webdriver.common.by import By

    script = axe_source()
    try:
        _open_plan(browser, server, *SIZES["phone"], dark=dark)
        for details in browser.find_elements(By.CSS_SELECTOR, "#plan details"):
            browser.execute_script("arguments[0].open = true", details)
        browser.execute_script(script)  # from the local npm copy: nothing fetched from elsewhere
        result = browser.execute_async_script(
            "const done = arguments[0]; axe.run(document, {resultTypes: ['violations']})"
            ".then((r) => done(r.violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(' '))])),"
            " (e) => done([['axe failed', [String(e)]]]))")
        assert result == []
    finally:
        _reset(browser)


def test_the_favicon_is_served(server: str) -> None:
    with urllib.request.urlopen(f"{server}/favicon.ico", timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert response.read().startswith(b"<svg")


@pytest.mark.slow
def test_a_good_moment_now_says_until_when(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    try:
        browser.get(f"{server}/?now=2026-11-23T10:00")  # Monday 10:00 in New York, office hours
        _fill(browser, SITUATION)
        browser.find_element(By.ID, "submit").click()
        _wait(lambda: browser.find_element(By.ID, "plan").is_displayed())
        verdict = browser.find_element(By.ID, "verdict").text
        assert verdict == "Now is a good moment: send a thank-you e-mail\nGood until 17:00 New York time (23:00 your time)."
    finally:
        _reset(browser)


@pytest.mark.slow
def test_too_late_says_move_on_and_offers_no_message(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    try:
        browser.get(f"{server}/?now=2027-01-26T10:00")  # two months after the interview
        _fill(browser, {key: value for key, value in SITUATION.items() if key != "country"})
        browser.find_element(By.ID, "submit").click()
        _wait(lambda: browser.find_element(By.ID, "plan").is_displayed())
        assert browser.find_element(By.ID, "verdict").text == \
            "Too late to follow up: move on\nThe time for following up has passed; move on."
        assert browser.find_element(By.ID, "move-on").text == ""
        cards = browser.find_elements(By.CSS_SELECTOR, "#steps > li")
        assert cards and all("No good time is left for this step: it could be done until" in card.text
                             for card in cards if "No contact" not in card.text)
        assert browser.find_elements(By.CSS_SELECTOR, "#steps button.copy, #steps a.mailto") == []
        # Without a country the engine notes which one the zone gave: named as a place, not by its id.
        notes = browser.find_element(By.ID, "notes").text
        assert "where the New York time zone is" in notes and "America/New_York" not in notes
    finally:
        _reset(browser)


# The page's own words a German page must not show in English.
ENGLISH_WORDS = ("Best time", "Wait until", "Step ", "Copy", "your time", "Add to calendar", "Sources", "Why",
                 "If you have heard", "As of", "Plan my follow-up", "The interview")


def _axe(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    for details in driver.find_elements(By.CSS_SELECTOR, "#plan details"):
        driver.execute_script("arguments[0].open = true", details)
    driver.execute_script(axe_source())
    return list(driver.execute_async_script(
        "const done = arguments[0]; axe.run(document, {resultTypes: ['violations']})"
        ".then((r) => done(r.violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(' '))])),"
        " (e) => done([['axe failed', [String(e)]]]))"))


@pytest.mark.slow
def test_a_candidate_who_picks_german_reads_the_page_and_the_plan_in_german(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    try:
        browser.get(f"{server}/?now={NOW}")
        Select(browser.find_element(By.ID, "language")).select_by_value("en-US")
        assert browser.find_element(By.ID, "submit").text == "Plan my follow-up"
        Select(browser.find_element(By.ID, "language")).select_by_value("de")
        # The form speaks German as soon as German is chosen.
        assert browser.find_element(By.ID, "submit").text == "Nachfassen planen"
        assert browser.find_element(By.CSS_SELECTOR, "label[for=timezone]").text == "Zeitzone des Arbeitgebers"
        assert browser.find_element(By.CSS_SELECTOR, "label[for=industry]").text == "Branche"
        legal = browser.find_element(By.CSS_SELECTOR, "#industry option[value=legal]")
        assert legal.get_attribute("textContent") == "Rechtswesen (Kanzleien, Rechtsabteilungen, Gerichte)"
        assert browser.execute_script("return document.documentElement.lang") == "de"
        assert browser.title == "Wann Sie nach einem Vorstellungsgespräch nachfassen sollten"
        # The menu of what to plan has short items of its own, not the "um ... zu" phrases.
        menu = [option.get_attribute("textContent")
                for option in browser.find_elements(By.CSS_SELECTOR, "#purpose option[value]:not([value=''])")]
        assert menu == ["Dank für das Gespräch", "Nachfrage zum Stand", "Bitte um Rückmeldung", "Hinweis auf ein anderes Angebot",
                        "Beschwerde"]
        _fill(browser, {**SITUATION, "language": "de"})
        browser.find_element(By.ID, "submit").click()
        _wait(lambda: browser.find_element(By.ID, "plan").is_displayed())
        # Saturday in New York: the thank-you waits for Monday 9:00 there, 15:00 in Berlin.
        assert browser.find_element(By.ID, "verdict").text == (
            "Warten Sie bis Mo., 23. Nov., 09:00 Ortszeit New York\n"
            "Das ist 15:00 bei Ihnen. Danach: Dankes-E-Mail schreiben.")
        first = browser.find_element(By.CSS_SELECTOR, "#steps > li")
        assert first.find_element(By.CSS_SELECTOR, "h3 .number").get_attribute("textContent") == "Schritt 1"
        assert first.find_element(By.CSS_SELECTOR, "h3 .title").text == "E-Mail schreiben, um sich zu bedanken"
        assert first.find_element(By.CSS_SELECTOR, ".when").text == \
            "Bester Zeitpunkt: Mo., 23. Nov., 09:00\u201317:00 Ortszeit New York (15:00\u201323:00 bei Ihnen)"
        # The e-mail is the German one, addressed formally.
        expected = engine.advise({**SITUATION, "language": "de"}, now=NOW).to_dict()["steps"][0]["draft"]
        assert expected["language"] == "de"
        text = " ".join(first.text.split())
        assert f"Betreff: {expected['subject']}" in text
        assert " ".join(expected["body"].split()) in text
        assert "Sie" in expected["body"].split()
        assert browser.find_element(By.ID, "move-on").text.startswith("Wenn Sie bis ")
        shown = browser.execute_script("return document.body.innerText")
        assert [word for word in ENGLISH_WORDS if word in shown] == []
        # The notes are the plan's, in German too (the JSON's sentences asked in the plan's language).
        notes = browser.find_element(By.ID, "notes").text
        assert "widersprechen sich" in notes, notes  # the legal profile's sources disagree
        assert _axe(browser) == []
    finally:
        _reset(browser)


@pytest.mark.slow
def test_the_page_speaks_the_employers_language_when_none_is_chosen(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/?now={NOW}")
    _fill(browser, {**SITUATION, "timezone": "Asia/Tokyo", "country": "JP"})
    assert browser.find_element(By.ID, "submit").text == "プランを作成"
    assert browser.execute_script("return document.documentElement.lang") == "ja"
    browser.find_element(By.ID, "submit").click()
    _wait(lambda: browser.find_element(By.ID, "plan").is_displayed())
    # Saturday in Tokyo; Monday 23 November is Labour Thanksgiving Day: the thank-you waits for
    # Tuesday 9:00 there, 1:00 in Berlin; dates and the zone written the Japanese way.
    assert browser.find_element(By.ID, "verdict").text == (
        "11月24日(火) 09:00 日本時間までは待ちましょう\n"
        "あなたの時刻で01:00です。お礼のメールを送るのはそれからです。")
    # Back to English by choosing it, whatever the employer's country.
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "language")).select_by_value("en-US")
    assert browser.find_element(By.ID, "submit").text == "Plan my follow-up"
