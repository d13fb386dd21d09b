"""The page at ``/`` in a real headless Chromium, driven by Selenium, against a running server.

A candidate's path: fill the form, submit it from the keyboard, read the timeline (verdict
first), download the calendar; and a bad time zone, shown beside its field. Screenshots
at desktop and phone widths are saved under $FOLLOWUP_SCREENSHOTS (default: a folder in
pytest's temporary directory, printed by the test).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from serve_live import live_server
from third_party import unavailable

import engine
from engine.frontends.cli import main
from engine.report.text import PURPOSE_PHRASES

NOW = "2026-11-21T10:00"
SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US",
             "candidate": "Ada Lovelace", "company": "Initech"}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


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
    assert verdict.startswith("Wait until Mon 23 Nov")  # the verdict first, in the employer's time
    assert expected["now"]["until"].startswith("2026-11-23")
    assert expected["now"]["reason"] in verdict
    steps = browser.find_elements(By.CSS_SELECTOR, "#steps > li")
    assert len(steps) == len(expected["steps"])
    headings = [step.find_element(By.TAG_NAME, "h3").text for step in steps]
    actions = {"call": "Call", "email": "E-mail", "none": "No contact"}
    assert headings == [f"{actions[step['action']]} to {PURPOSE_PHRASES[step['purpose']]}" for step in expected["steps"]]
    assert headings[0] == "E-mail to say thank you"
    for step, shown in zip(expected["steps"], steps, strict=True):  # a draft, where the plan has one, is shown whole
        texts = [value for value in (step.get("draft") or {}).values() if isinstance(value, str) and value]
        assert all(" ".join(text.split()) in " ".join(shown.text.split()) for text in texts)
    assert plan_box.find_element(By.ID, "move-on").text.startswith("If you have heard nothing by")
    for name, (width, height) in SIZES.items():
        _screenshot(browser, shots / f"page-{name}.png", width, height)

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
    _screenshot(browser, shots / "page-error-phone.png", *SIZES["phone"])
