"""Hostile values, hostile places: what a red-team pass found beyond the corpus.

Each section is one way past a promise of docs/reliability.md, numbered as in issue 11
that listed them; each is now refused with its documented error, in bounded time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import engine
from engine.situation import FIELDS

from .support import REPO, Child, assert_clean_failure, record, run_engine

NOW = "2026-11-21T10:00"
SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}
ADVISE = ["advise", "--interview", "2026-11-20T14:00", "--timezone", "America/New_York", "--now", NOW]
# Any C0 or C1 control character but newline and tab: what a terminal may act on.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def no_control_characters(child: Child) -> None:
    for name, text in (("stdout", child.out), ("stderr", child.err)):
        found = CONTROL.search(text)
        assert found is None, f"{name} holds U+{ord(found.group()):04X}: {child.describe()}"


def diagnostics(child: Child) -> list[dict[str, Any]]:
    assert "Traceback" not in child.err, child.describe()
    found: list[dict[str, Any]] = json.loads(child.out)["diagnostics"]
    return found


# --- 8. control characters made by escapes --------------------------------------------------------

ESCAPING = """\
id: hostile
name: "\\e]0;pwned\\a \\e[2J"
extends: general
rules:
  - id: loud
    when: {channel: call}
    then: {prefer: 1}
    why: "Calls are fine.\\x1b[2J\\x1b[H"
    source: seed
"""


def test_escaped_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "hostile.yaml").write_text(ESCAPING, encoding="utf-8")
    advised = run_engine([*ADVISE, "--industry", "hostile", "--profiles", "profiles"], cwd=tmp_path)
    no_control_characters(advised)
    # A file the reader refuses defines no profile; asked for by its name, its problem is the
    # answer, as validate gives it (a profile problem: exit 1).
    assert_clean_failure(advised, 1)
    assert b"hostile.yaml:2:7: Y107" in advised.stderr
    listed = run_engine(["profiles", "--profiles", "profiles"], cwd=tmp_path)
    no_control_characters(listed)
    checked = run_engine(["validate", "profiles", "--format", "json"], cwd=tmp_path)
    assert {d["code"] for d in diagnostics(checked)} == {"Y107"}


def test_a_control_character_in_a_field_name_is_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({**SITUATION, "\x1b[2J\x1b]0;pwned\x07": 1}, now=NOW)
    assert CONTROL.search(str(error.value)) is None and CONTROL.search(error.value.field) is None
    (tmp_path / "situation.yaml").write_text(
        'interview: 2026-11-20T14:00\ntimezone: America/New_York\n"\\e[2J\\e]0;pwned\\a": 1\n', encoding="utf-8")
    child = run_engine(["advise", "--input", "situation.yaml", "--now", NOW], cwd=tmp_path)
    no_control_characters(child)
    assert_clean_failure(child, 2)
    (tmp_path / "batch.jsonl").write_text(json.dumps({**SITUATION, "\x1b[2J": 1}) + "\n", encoding="utf-8")
    child = run_engine(["advise", "--input", "batch.jsonl", "--format", "json", "--now", NOW], cwd=tmp_path)
    no_control_characters(child)
    assert_clean_failure(child, 2)


@pytest.mark.parametrize("value", ["\x1c2026-11-20T14:00", "2026-11-20T14:00\x85", "\x1f2026-11-20T14:00\x1e"])
def test_a_control_character_around_a_date_is_not_echoed(tmp_path: Path, value: str) -> None:
    """Python takes these for white space; a date-time with white space around it is refused
    (as the situation schema refuses it), and the message must not quote them raw."""
    with pytest.raises(engine.SituationError) as error:
        engine.advise({"interview": value}, now=NOW)
    assert "has white space around it" in str(error.value) and CONTROL.search(str(error.value)) is None
    child = run_engine(["advise", "--interview", value, "--now", NOW], cwd=tmp_path)
    no_control_characters(child)
    assert "has white space around it" in assert_clean_failure(child, 2)


# --- 9. a final newline ---------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("country", "US\n"), ("timezone", "America/New_York\n"), ("industry", "general\n"), ("purpose", "status\n"),
])
def test_a_final_newline_is_not_a_match(field: str, value: str) -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({**SITUATION, field: value}, now=NOW)
    assert error.value.field == field


def test_a_profile_id_with_a_final_newline_cannot_be_asked_for(tmp_path: Path) -> None:
    (tmp_path / "general.yaml").write_text("id: \"legal\\n\"\nname: Sneaky\nextends: general\nrules: []\n",
                                           encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    assert "legal\n" not in catalog.ids
    assert {d.code for d in catalog.problems_of(next(s for s in catalog.shown_files if s.endswith("general.yaml")))
            } == {"S201"}


# --- 10. suggestions in bounded time --------------------------------------------------------------


def many_unknown_sources(path: Path, rules: int = 4_000, sources: int = 1_500) -> None:
    """About 550 KB: many sources, and thousands of rules each citing a misspelt one."""
    parts = ["id: careless\nname: Careless\nextends: general\nsources:\n"]
    parts += [f"  source-number-{index}: {{title: Source {index}}}\n" for index in range(sources)]
    parts.append("rules:\n")
    parts += [f"  - {{id: rule-{index}, when: {{days_after: {index % 9}}}, then: {{prefer: 1}}, "
              f"why: Rule {index} of a careless profile., source: sourse-number-{index}}}\n"
              for index in range(rules)]
    path.write_text("".join(parts), encoding="utf-8")


def many_unknown_removals(path: Path, rules: int = 4_000) -> None:
    """Thousands of rules, then thousands of removals of rules with misspelt ids."""
    parts = ["id: careless\nname: Careless\nextends: general\nrules:\n"]
    parts += [f"  - {{id: rule-number-{index}, when: {{days_after: {index % 9}}}, then: {{prefer: 1}}, "
              f"why: Rule {index} of a careless profile., source: seed}}\n" for index in range(rules // 2)]
    parts += [f"  - {{id: rule-numbre-{index}, remove: true}}\n" for index in range(rules // 2)]
    path.write_text("".join(parts), encoding="utf-8")


@pytest.mark.parametrize("make", [many_unknown_sources, many_unknown_removals], ids=["sources", "removals"])
def test_thousands_of_misspellings_validate_in_seconds(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "careless.yaml"
    make(path)
    assert path.stat().st_size < 1_000_000
    child = run_engine(["validate", str(path), "--format", "json"], cwd=tmp_path, timeout=60)
    assert not child.timed_out, child.describe()
    found = diagnostics(child)
    assert child.returncode == 1 and found, child.describe()
    assert child.seconds < 20, child.describe()  # was 234 s; a few seconds on an idle machine
    suggested = [d for d in found if d["suggestion"]]
    assert 0 < len(suggested) <= 50  # the first ones still get their suggestion
    record(f"validate: thousands of misspelt {make.__name__.split('_')[-1]}",
           f"{path.stat().st_size // 1000} KB, {len(found)} diagnostics in {child.seconds:.2f} s")


def test_a_message_listing_the_known_profiles_names_twenty(tmp_path: Path) -> None:
    """Each of a thousand profiles with an unknown parent: one short I401 each, not all the ids."""
    for index in range(1_000):
        (tmp_path / f"orphan-{index}.yaml").write_text(
            f"id: orphan-{index}\nname: Orphan {index}\nextends: missing\nrules: []\n", encoding="utf-8")
    catalog = engine.Catalog([tmp_path])
    (problem,) = catalog.check("orphan-7")
    assert problem.code == "I401" and problem.message.endswith(" more"), problem
    assert problem.message.count(", ") == 19 and len(problem.message) < 400, problem


# --- 11. FIFOs and unreadable folders -------------------------------------------------------------


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_a_fifo_given_to_validate_is_refused_at_once(tmp_path: Path) -> None:
    fifo(tmp_path / "pipe.yaml")
    child = run_engine(["validate", "pipe.yaml", "--format", "json"], cwd=tmp_path, timeout=30)
    assert not child.timed_out, "validate hung on a FIFO"
    assert child.returncode == 1, child.describe()
    (found,) = diagnostics(child)
    assert (found["code"], found["file"]) == ("Y100", "pipe.yaml")
    assert "not a regular file" in found["message"]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_fifo_as_a_profiles_source_is_refused_at_once(tmp_path: Path, how: str) -> None:
    fifo(tmp_path / "pipe.yaml")
    if how == "option":
        child = run_engine([*ADVISE, "--profiles", "pipe.yaml"], cwd=tmp_path, timeout=30)
    else:
        child = run_engine(ADVISE, cwd=tmp_path, timeout=30, FOLLOWUP_PROFILES_PATH="pipe.yaml")
    assert not child.timed_out, "advise hung on a FIFO"
    line = assert_clean_failure(child, 1)
    assert line.startswith("pipe.yaml: Y100:") and "not a regular file" in line, line


def unreadable(folder: Path) -> list[str]:
    """Make ``folder`` unreadable; the command prefix under which even root obeys that."""
    folder.chmod(0)
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: an unreadable folder cannot be made")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


def run_as(prefix: list[str], args: list[str], cwd: Path) -> Child:
    import subprocess
    import time

    from .support import child_env

    started = time.perf_counter()
    ran = subprocess.run([*prefix, sys.executable, "-m", "engine", *args], cwd=cwd, capture_output=True,
                         timeout=60, env=child_env())
    return Child(args, ran.returncode, ran.stdout, ran.stderr, time.perf_counter() - started, 0.0, False)


def test_an_unreadable_profiles_folder_is_y100(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "mine.yaml").write_text("id: mine\nname: Mine\nrules: []\n", encoding="utf-8")
    prefix = unreadable(folder)
    try:
        checked = run_as(prefix, ["validate", "locked", "--format", "json"], tmp_path)
        everything = run_as(prefix, ["validate", "--profiles", "locked", "--format", "json"], tmp_path)
        advised = run_as(prefix, [*ADVISE, "--profiles", "locked"], tmp_path)
    finally:
        folder.chmod(0o755)
    for child in (checked, everything):
        assert child.returncode == 1, child.describe()
        assert {(d["code"], d["file"]) for d in diagnostics(child)} == {("Y100", "locked")}, child.describe()
    line = assert_clean_failure(advised, 1)
    assert line.startswith("locked: Y100:"), line


# --- 12. deep nesting in a situation --------------------------------------------------------------


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("field", FIELDS)
def test_a_deeply_nested_value_in_any_field_is_a_situation_error(field: str) -> None:
    situation: dict[str, Any] = {**SITUATION, field: nested(100_000)}
    with pytest.raises(engine.SituationError) as error:
        engine.advise(situation, now=NOW)
    assert error.value.field.startswith(field)
    assert len(str(error.value)) < 300


def test_a_deeply_nested_now_is_a_situation_error() -> None:
    with pytest.raises(engine.SituationError):
        engine.advise(SITUATION, now=nested(100_000))  # type: ignore[arg-type]


# --- 13. profile packs and folders that shadow the bundled profiles -------------------------------

SHADOW = "id: general\nname: Shadowed general\nrules: []\n"  # no rules, no sources: legal cannot resolve


def install_pack(site: Path, body: str, profiles: dict[str, str] | None = None) -> None:
    """A profile pack as pip would install it: a module and its entry point's metadata."""
    info = site / "shadow_pack-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shadow-pack\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[followup_etiquette.profiles]\nshadow = shadow_pack:profiles_dir\n",
                                           encoding="utf-8")
    (site / "shadow_pack.py").write_text(body, encoding="utf-8")
    for name, text in (profiles or {}).items():
        (site / "pack-profiles").mkdir(exist_ok=True)
        (site / "pack-profiles" / name).write_text(text, encoding="utf-8")


PACK_DIR = "from pathlib import Path\n\ndef profiles_dir():\n    return str(Path(__file__).parent / 'pack-profiles')\n"
PLAN = [*ADVISE, "--industry", "legal", "--format", "json"]


def test_a_profile_pack_cannot_replace_a_bundled_profile(tmp_path: Path) -> None:
    expected = run_engine(PLAN, cwd=tmp_path)
    assert expected.returncode == 0, expected.describe()
    install_pack(tmp_path / "site", PACK_DIR, {"general.yaml": SHADOW, "nursing.yaml": SHADOW.replace(
        "id: general", "id: nursing").replace("rules: []", "extends: general\nrules: []")})
    path = f"{tmp_path / 'site'}{os.pathsep}{REPO}"
    child = run_engine(PLAN, cwd=tmp_path, PYTHONPATH=path)
    assert child.returncode == 0, child.describe()
    assert child.stdout == expected.stdout  # legal still extends the bundled general
    checked = run_engine(["validate", "--format", "json"], cwd=tmp_path, PYTHONPATH=path)
    shadowing = [d for d in diagnostics(checked) if d["code"] == "I409"]
    assert len(shadowing) == 1 and shadowing[0]["file"].endswith("general.yaml"), checked.describe()
    assert (shadowing[0]["line"], shadowing[0]["col"]) == (1, 5)
    listed = run_engine(["profiles", "--format", "json"], cwd=tmp_path, PYTHONPATH=path)
    rows = {row["id"]: row for row in json.loads(listed.out)}
    assert rows["general"]["origin"] == "bundled" and rows["nursing"]["origin"] == "entry point shadow"


@pytest.mark.parametrize("body", [
    "import sys\n\ndef profiles_dir():\n    sys.exit(3)\n",
    "import sys\nsys.exit(0)\n",
    "def profiles_dir():\n    raise GeneratorExit\n",
], ids=["exit-when-called", "exit-when-imported", "base-exception"])
def test_a_plug_in_that_exits_cannot_end_advise(tmp_path: Path, body: str) -> None:
    install_pack(tmp_path / "site", body)
    child = run_engine([*ADVISE, "--format", "json"], cwd=tmp_path, PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{REPO}")
    assert child.returncode == 0, child.describe()
    assert json.loads(child.out)["profile"]["id"] == "general"
    assert "I406" in child.err and "shadow_pack" in child.err, child.describe()


def test_a_folder_that_shadows_a_bundled_profile_gets_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    # A changed copy (an identical one is the same profile, and replaces nothing).
    (folder / "general.yaml").write_text((REPO / "profiles" / "general.yaml").read_text(encoding="utf-8")
                                         .replace("\nname: ", "\nname: My ", 1), encoding="utf-8")
    catalog = engine.Catalog([folder])
    (warning,) = catalog.warnings
    assert (warning.code, warning.severity, warning.line) == ("I410", "warning", 3)  # its id, after the modeline and the format
    assert warning.file.endswith("mine/general.yaml") and "profiles/general.yaml" in warning.message
    child = run_engine([*ADVISE, "--profiles", "mine"], cwd=tmp_path)
    assert child.returncode == 0, child.describe()
    (line,) = child.err.strip().splitlines()
    assert "I410" in line and "mine/general.yaml" in line and "profiles/general.yaml" in line, line


# --- 14. time zone names --------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "right/America/New_York",
                                  "posix/Europe/Paris", "zone1970.tab", "America"])
def test_host_dependent_zone_names_are_refused(zone: str) -> None:
    with pytest.raises(engine.SituationError) as error:
        engine.advise({**SITUATION, "timezone": zone}, now=NOW)
    assert error.value.field == "timezone"


@pytest.mark.parametrize("zone", ["America/New_York", "US/Eastern", "Asia/Calcutta", "UTC", "Etc/GMT+5",
                                  "Europe/Kyiv", "Europe/Kiev"])
def test_canonical_zone_names_and_their_aliases_are_accepted(zone: str) -> None:
    assert engine.advise({**SITUATION, "timezone": zone}, now=NOW).steps


# --- 15. duplicate keys in JSON Lines -------------------------------------------------------------


def test_a_json_line_with_a_duplicate_key_is_an_error_record(tmp_path: Path) -> None:
    good = json.dumps(SITUATION)
    lines = [good, '{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "timezone": "Asia/Tokyo"}',
             good, '{"interview": "2026-11-20T14:00", "timezone": "Europe/Paris", '
                   '"contacts": [{"at": "2026-11-20T18:00", "at": "2026-11-21T09:00"}]}', good]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    child = run_engine(["advise", "--input", "batch.jsonl", "--format", "json", "--now", NOW], cwd=tmp_path)
    assert_clean_failure(child, 2)
    records = [json.loads(line) for line in child.out.splitlines()]
    assert len(records) == 5
    assert [record.get("line") for record in records] == [None, 2, None, 4, None]
    assert "duplicate key 'timezone'" in records[1]["error"]["message"]
    assert "duplicate key 'at'" in records[3]["error"]["message"]


# --- 16. long extends chains ----------------------------------------------------------------------


def chain_of(folder: Path, length: int) -> None:
    for index in range(length):
        parent = "general" if index == 0 else f"level-{index - 1}"
        (folder / f"level-{index}.yaml").write_text(
            f"id: level-{index}\nname: Level {index}\nextends: {parent}\nrules: []\n", encoding="utf-8")


def test_a_thousand_deep_extends_chain_validates_in_seconds(tmp_path: Path) -> None:
    folder = tmp_path / "chain"
    folder.mkdir()
    chain_of(folder, 1_000)
    child = run_engine(["validate", "chain", "--format", "json"], cwd=tmp_path, timeout=120)
    assert not child.timed_out, child.describe()
    assert child.seconds < 20, child.describe()
    found = diagnostics(child)
    assert child.returncode == 1
    assert {d["code"] for d in found} == {"I411"}
    first = min(int(Path(d["file"]).stem.split("-")[1]) for d in found)
    deepest_allowed = json.loads(run_engine(["profiles", "--profiles", "chain", "--format", "json"],
                                            cwd=tmp_path).out)
    ok = {row["id"] for row in deepest_allowed if row["ok"]}
    assert f"level-{first - 1}" in ok and f"level-{first}" not in ok
    assert all(d["line"] == 3 for d in found)  # at the `extends` of each refused profile
    record("validate: 1,000-deep extends chain", f"{child.seconds:.2f} s ({len(found)} refused with I411)")
