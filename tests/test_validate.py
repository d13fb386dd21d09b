"""`followup validate`: every broken fixture reports exactly what its header expects.

Each file under ``tests/fixtures/broken/`` starts with ``# expect: CODE LINE:COL`` lines
(or ``# expect: nothing``), so the expectations live next to the problem they describe.
Files directly in that folder are validated one at a time; each sub-folder is a group
of files that only show their problem together (an ``extends`` cycle, a duplicate id).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.frontends.cli import main

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "fixtures" / "broken"
PROFILES = REPO / "profiles"
EXPECT = re.compile(r"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)\s*$")
NOTHING = re.compile(r"# expect: nothing\b")
GITHUB = re.compile(r"::error file=([^,]+),line=([0-9]+),col=([0-9]+),title=([A-Z][0-9]{3})::(.+)")
TEXT = re.compile(r"(.+?):([0-9]+):([0-9]+): ([A-Z][0-9]{3}): (.+)")

Found = Counter[tuple[str, str, int, int]]

# Every code a profile file can trigger on its own (Y100 and Y103 need a file the
# test makes: an unreadable or an oversized one).
CODES_WITH_A_FIXTURE = {
    "Y101", "Y102", "Y104", "Y105", "Y106", "Y107", "Y108", "Y109",
    "S201", "S202", "S203", "S204",
    "R301", "R302", "R303", "R304", "R305", "R306", "R307", "R308", "R309", "R310",
    "I401", "I402", "I403", "I404", "I405",
    "X501", "X502", "X503", "X504",
    "D601", "D602", "D603", "D604", "D605", "D606",
}


def shown(path: Path) -> str:
    """A file as the CLI names it when run from the repository root."""
    return path.relative_to(REPO).as_posix()


def expectations(path: Path) -> Found:
    """The ``# expect:`` header of a fixture (read as Latin-1: one fixture is not UTF-8)."""
    lines = path.read_bytes().decode("latin-1").splitlines()
    assert lines and lines[0].startswith("# expect:"), f"{shown(path)}: must start with '# expect:'"
    found: Found = Counter()
    for line in lines:
        if not line.startswith("# expect:"):
            break
        if NOTHING.match(line):
            continue
        match = EXPECT.match(line)
        assert match, f"{shown(path)}: malformed header line {line!r}"
        code, row, col = match.groups()
        found[(shown(path), code, int(row), int(col))] += 1
    return found


def fixture_files() -> list[Path]:
    return sorted(p for p in BROKEN.rglob("*") if p.suffix in (".yaml", ".yml"))


def cases() -> list[Path]:
    """What to validate in one run: each top-level file, and each sub-folder as a whole."""
    return sorted([p for p in BROKEN.iterdir() if p.is_dir()] + [p for p in fixture_files() if p.parent == BROKEN])


def expected_for(target: Path) -> Found:
    files = sorted(target.rglob("*.y*ml")) if target.is_dir() else [target]
    total: Found = Counter()
    for path in files:
        total += expectations(path)
    return total


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FOLLOWUP_PROFILES_PATH", None)
    return env


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", "validate", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=_env(), timeout=300, check=False,
    )


def diagnostics_of(stdout: str) -> tuple[dict[str, object], Found]:
    payload = json.loads(stdout)
    found: Found = Counter(
        (Path(d["file"]).as_posix(), d["code"], d["line"], d["col"]) for d in payload["diagnostics"]
    )
    return payload, found


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("FOLLOWUP_PROFILES_PATH", raising=False)
    return CliRunner()


# --- the fixtures themselves -----------------------------------------------------------


def test_every_fixture_states_its_expectations() -> None:
    files = fixture_files()
    assert len(files) >= len(CODES_WITH_A_FIXTURE)
    for path in files:
        expectations(path)  # asserts the header is there and well formed


def test_every_code_has_a_fixture() -> None:
    covered = {code for path in fixture_files() for (_, code, _, _) in expectations(path)}
    assert covered >= CODES_WITH_A_FIXTURE, sorted(CODES_WITH_A_FIXTURE - covered)


def test_fixture_ids_are_unique_except_the_duplicate_id_group() -> None:
    """So that the whole folder can be validated at once, each problem staying its own."""
    ids = Counter()
    for path in fixture_files():
        match = re.search(rb"^id: (\S+)", path.read_bytes(), re.MULTILINE)
        if match:
            ids[match.group(1).decode()] += 1
    assert {key for key, count in ids.items() if count > 1} == {"broken-dup"}
    assert not {"general", "legal", "accounting", "it"} & set(ids), "a fixture must not shadow a bundled profile"


# --- one fixture (or group) at a time ---------------------------------------------------


@pytest.mark.parametrize("target", cases(), ids=lambda p: p.name)
def test_fixture_reports_exactly_its_expectations(target: Path) -> None:
    result = run(target, "--format", "json")
    assert_clean_failure(result)
    assert result.returncode == 1, result.stdout + result.stderr
    payload, found = diagnostics_of(result.stdout)
    assert found == expected_for(target)
    assert payload["ok"] is False
    assert payload["checked"] == (len(list(target.rglob("*.y*ml"))) if target.is_dir() else 1)


@pytest.mark.parametrize("target", cases(), ids=lambda p: p.name)
def test_fixture_in_process(target: Path, in_repo: CliRunner) -> None:
    result = in_repo.invoke(main, ["validate", shown(target), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    _, found = diagnostics_of(result.stdout)
    assert found == expected_for(target)


SHADOWS_CORE = BROKEN / "i405-core-extends.yaml"  # its id is `core`


def _validate_all(targets: list[Path]) -> None:
    result = run(*targets, "--format", "json")
    assert_clean_failure(result)
    assert result.returncode == 1
    payload, _ = diagnostics_of(result.stdout)
    diagnostics = payload["diagnostics"]
    assert isinstance(diagnostics, list)
    # A broken file that shadows a parent is worked around with a warning (I407); only errors are expected.
    assert {d["code"] for d in diagnostics if d["severity"] == "warning"} <= {"I407"}
    found: Found = Counter((Path(d["file"]).as_posix(), d["code"], d["line"], d["col"])
                           for d in diagnostics if d["severity"] == "error")
    files = [path for target in targets for path in ([target] if target.is_file() else target.rglob("*.y*ml"))]
    expected: Found = Counter()
    for path in files:
        expected += expectations(path)
    assert found == expected
    assert payload["checked"] == len(files)
    assert {file for (file, _, _, _) in found} == {shown(p) for p in files if expectations(p)}


def test_whole_folder_reports_every_problem_of_every_file() -> None:
    _validate_all([BROKEN])


def test_every_problem_of_every_file_when_nothing_shadows_core() -> None:
    """The same run without the one fixture that claims the id `core`."""
    _validate_all([target for target in cases() if target != SHADOWS_CORE])


def test_a_broken_core_does_not_hide_the_problems_of_other_files() -> None:
    _validate_all([SHADOWS_CORE, BROKEN / "r305-invariant.yaml"])


def test_a_good_file_next_to_a_broken_one_adds_nothing() -> None:
    broken = BROKEN / "r301-unknown-fact.yaml"
    result = run(PROFILES / "legal.yaml", broken, "--format", "json")
    assert result.returncode == 1
    payload, found = diagnostics_of(result.stdout)
    assert found == expectations(broken)
    assert payload["checked"] == 2


# --- the bundled profiles ----------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("profiles",), ("profiles/",), ("profiles/legal.yaml", "profiles/it.yaml")])
def test_bundled_profiles_are_valid(args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    payload, found = diagnostics_of(result.stdout)
    assert payload["ok"] is True
    assert not found
    assert result.stderr == ""


def test_bundled_profiles_in_process(in_repo: CliRunner) -> None:
    result = in_repo.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("ok")


def test_one_bundled_file_from_a_cold_start() -> None:
    """A fresh interpreter validates one file and exits; no timing is measured."""
    result = run(PROFILES / "general.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 file ok\n"


# --- output formats ----------------------------------------------------------------------


def test_github_annotations_carry_real_positions() -> None:
    target = BROKEN / "r303-wrong-values.yaml"
    result = run(target, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed: Found = Counter()
    for line in lines:
        match = GITHUB.fullmatch(line)
        assert match, f"not an annotation: {line!r}"
        file, row, col, code, message = match.groups()
        assert message.strip()
        parsed[(file, code, int(row), int(col))] += 1
    assert parsed == expectations(target)
    assert lines[0].startswith(f"::error file={shown(target)},line=9,col=36,title=R303::weekday expects")


def test_github_annotation_without_a_line(tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    big.write_bytes(b"# " + b"x" * 1_100_000 + b"\n")
    result = run(big, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"::error file={big},title=Y103::file is larger than 1000000 bytes; refused"]


def test_text_format_is_file_line_col_code_message() -> None:
    target = BROKEN / "r310-unknown-source.yaml"
    result = run(target, "--format", "text")
    assert result.returncode == 1
    *problems, summary = result.stdout.splitlines()
    parsed: Found = Counter()
    for line in problems:
        match = TEXT.fullmatch(line)
        assert match, f"not file:line:col: CODE: message: {line!r}"
        file, row, col, code, _ = match.groups()
        parsed[(file, code, int(row), int(col))] += 1
    assert parsed == expectations(target)
    assert problems[0] == (
        f"{shown(target)}:11:13: R310: unknown source 'sedd' (did you mean 'seed'?)"
    )
    assert summary == "2 problems in 1 file"


def test_text_is_the_default_format() -> None:
    target = BROKEN / "y102-duplicate-key.yaml"
    result = run(target)
    assert result.stdout.splitlines() == [
        f"{shown(target)}:6:1: Y102: duplicate key 'name' (first defined at line 3)",
        "1 problem in 1 file",
    ]


# --- did-you-mean -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "code", "suggestion"),
    [
        ("r301-unknown-fact.yaml", "R301", "days_after"),
        ("r302-unknown-operator.yaml", "R302", "le"),
        ("i401-unknown-parent.yaml", "I401", "general"),
        ("r308-remove-unknown.yaml", "R308", "no-late-calls"),
        ("s202-unknown-key.yaml", "S202", "description"),
    ],
)
def test_did_you_mean(fixture: str, code: str, suggestion: str) -> None:
    result = run(BROKEN / fixture, "--format", "json")
    diagnostics = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == code]
    assert diagnostics
    assert diagnostics[0]["suggestion"] == suggestion
    text = run(BROKEN / fixture).stdout
    assert f"(did you mean {suggestion!r}?)" in text


def test_unknown_parent_never_suggests_the_profile_itself() -> None:
    target = BROKEN / "cycle" / "cycle-a.yaml"  # alone, its partner is out of sight
    result = run(target, "--format", "json")
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "I401"
    assert diagnostic["suggestion"] != "broken-cycle-a"


# --- bad usage and hostile input -----------------------------------------------------------


def test_nonexistent_path_is_bad_usage() -> None:
    result = run("no/such/profile.yaml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["followup: error: no such file or directory: no/such/profile.yaml"]


def test_nonexistent_path_in_process(in_repo: CliRunner) -> None:
    result = in_repo.invoke(main, ["validate", "no/such/dir"])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "no such file or directory: no/such/dir" in result.stderr


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    """The fixture's payload would create a marker in the working directory."""
    result = run(BROKEN / "y106-python-tag.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    _, found = diagnostics_of(result.stdout)
    assert [code for (_, code, _, _) in found] == ["Y106"]
    assert not (tmp_path / "followup-y106-marker").exists()
    assert not (REPO / "followup-y106-marker").exists()


def _profile(body: str = "rules: []\n") -> str:
    return f"id: generated\nname: Generated\nextends: general\n{body}"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("huge.yaml", b"# " + b"x" * 1_100_000 + b"\n", ("Y103", 0, 0)),
        ("long-value.yaml", _profile(f"description: {'x' * 10_001}\nrules: []\n").encode(), ("Y103", 4, 14)),
        ("control.yaml", _profile().replace("Generated", "Gen\x01rated").encode(), ("Y107", 2, 10)),
        ("utf16-garbled.yaml", _profile().encode("utf-16-le"), ("Y107", 1, 2)),
        ("merge.yaml", _profile("base: &b {x: 1}\nsettings:\n  <<: *b\nrules: []\n").encode(), ("Y106", 6, 3)),
        ("list.yaml", b"- id: generated\n", ("S201", 1, 1)),
        ("empty.yaml", b"", ("S201", 1, 1)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_generated_bad_files(tmp_path: Path, name: str, content: bytes, expected: tuple[str, int, int]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(path, "--format", "json")
    assert_clean_failure(result)
    assert result.returncode == 1
    _, found = diagnostics_of(result.stdout)
    assert found == Counter({(path.as_posix(), *expected): 1})


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16"], ids=["utf8", "utf8-bom", "utf16-bom"],
)
def test_a_good_profile_in_any_supported_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes(_profile("description: Café etiquette.\nrules: []\n").encode(encoding))
    result = run(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_explicit_float_tag_on_text_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "float-tag.yaml"
    path.write_text(_profile().replace("name: Generated", "name: !!float x"), encoding="utf-8")
    result = run(path, "--format", "json")
    assert_clean_failure(result)
    assert result.returncode == 1
    _, found = diagnostics_of(result.stdout)
    assert found == Counter({(path.as_posix(), "Y108", 2, 7): 1})


@pytest.mark.parametrize(
    "args", [("profiles/legal.yaml", "profiles/legal.yaml"), ("profiles", "profiles/legal.yaml")], ids=["twice", "dir+file"]
)
def test_overlapping_paths_are_checked_once(args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "json")
    _, found = diagnostics_of(result.stdout)
    assert not found
    assert result.returncode == 0


def test_extends_in_the_wrong_case_is_not_called_a_path(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(_profile().replace("extends: general", "extends: General"), encoding="utf-8")
    result = run(path, "--format", "json")
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] != "I404"
    assert "general" in f"{diagnostic['message']} {diagnostic['suggestion']}"


def test_an_example_with_an_invalid_now_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "now.yaml"
    path.write_text(_profile(
        "rules: []\n"
        "examples:\n"
        "  - name: Now is not a date\n"
        '    situation: {interview: "2026-11-20T14:00", timezone: America/New_York}\n'
        '    now: "tomorrow"\n'
        "    expect: {verdict: wait_until}\n"
    ), encoding="utf-8")
    result = run(path, "--format", "json")
    assert result.returncode == 1
    _, found = diagnostics_of(result.stdout)
    assert found == Counter({(path.as_posix(), "X501", 8, 10): 1})


# --- a copy of the bundled profiles (a checkout beside an installed package, a fork) -----------


def test_a_copy_of_the_bundled_profiles_validates_as_the_same_profiles(tmp_path: Path) -> None:
    """Where the package is installed (not editable), the bundled files and a checkout's
    profiles/ are two paths with the same content: one profile each, no I408 or I410."""
    shutil.copytree(PROFILES, tmp_path / "profiles")
    fork = (tmp_path / "profiles" / "it.yaml").read_text(encoding="utf-8")
    (tmp_path / "profiles" / "gaming.yaml").write_text(
        fork.replace("id: it\n", "id: gaming\n", 1), encoding="utf-8")
    result = run("profiles/", cwd=tmp_path)
    assert_clean_failure(result)
    assert (result.returncode, result.stdout) == (0, f"{len(list(PROFILES.glob('*.yaml'))) + 1} files ok\n"), result.stdout


def test_a_changed_copy_of_core_is_still_refused(tmp_path: Path) -> None:
    shutil.copytree(PROFILES, tmp_path / "profiles")
    core = tmp_path / "profiles" / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("\nname: ", "\nname: Changed ", 1), encoding="utf-8")
    result = run("profiles/core.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    _, found = diagnostics_of(result.stdout)
    assert [code for _, code, _, _ in found] == ["I408"]


# --- the profile format's version --------------------------------------------------------


def test_bundled_profiles_and_starters_declare_the_format_they_are_written_in(tmp_path: Path) -> None:
    import yaml

    for path in sorted(PROFILES.glob("*.yaml")):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["format"] == 1, path.name
    made = CliRunner().invoke(main, ["init", str(tmp_path / "mine"), "--id", "clinic", "--country", "DE"])
    assert made.exit_code == 0, made.output
    for path in sorted((tmp_path / "mine").glob("*.yaml")):
        assert "\nformat: 1\n" in path.read_text(encoding="utf-8"), path.name


def test_a_profile_for_a_newer_engine_is_refused_where_it_is_used(tmp_path: Path) -> None:
    (tmp_path / "newer.yaml").write_text("format: 3\nid: newer\nname: Newer\nextends: general\nrules: []\n",
                                         encoding="utf-8")
    result = CliRunner().invoke(main, ["advise", "--interview", "2026-11-20T14:00", "--timezone", "Europe/Berlin",
                                       "--industry", "newer", "--profiles", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'newer.yaml'}:1:9: S204: format: 3 is newer than this version" in result.output
    assert "Traceback" not in result.output
