"""engine.language.yaml_source: the one place that reads YAML, safely and with positions."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import Diagnostic
from engine.language.yaml_source import (
    Document,
    Limits,
    YamlError,
    load_bytes,
    load_file,
    load_text,
)

PROFILE = """\
id: sample
name: Sample
rules:
  - id: late
    when: {channel: call, time: {ge: "15:00"}}
    then:
      prefer: -2
"""


def refused(text: str | bytes, limits: Limits | None = None) -> Diagnostic:
    """The diagnostic a document is refused with (fails the test if it is accepted)."""
    limits = limits or Limits()
    with pytest.raises(YamlError) as caught:
        if isinstance(text, bytes):
            load_bytes(text, "doc.yaml", limits=limits)
        else:
            load_text(text, "doc.yaml", limits=limits)
    diagnostic = caught.value.diagnostic
    assert diagnostic.file == "doc.yaml"
    return diagnostic


def where(diagnostic: Diagnostic) -> tuple[str, int, int]:
    return diagnostic.code, diagnostic.line, diagnostic.col


def load(text: str) -> Any:
    return load_text(text, "doc.yaml").data


# --- data and positions --------------------------------------------------------------


def test_plain_data() -> None:
    assert load(PROFILE) == {
        "id": "sample",
        "name": "Sample",
        "rules": [{"id": "late", "when": {"channel": "call", "time": {"ge": "15:00"}}, "then": {"prefer": -2}}],
    }


def test_positions_of_values() -> None:
    document = load_text(PROFILE, "doc.yaml")
    assert document.positions[()] == (1, 1)
    assert document.positions[("name",)] == (2, 7)
    assert document.positions[("rules",)] == (4, 3)
    assert document.positions[("rules", 0)] == (4, 5)
    assert document.positions[("rules", 0, "id")] == (4, 9)
    assert document.positions[("rules", 0, "when")] == (5, 11)
    assert document.positions[("rules", 0, "when", "time", "ge")] == (5, 38)
    assert document.positions[("rules", 0, "then", "prefer")] == (7, 15)


def test_positions_of_keys() -> None:
    document = load_text(PROFILE, "doc.yaml")
    assert document.key_positions[("name",)] == (2, 1)
    assert document.key_positions[("rules", 0, "when")] == (5, 5)
    assert document.key_positions[("rules", 0, "when", "time")] == (5, 27)
    assert document.key_positions[("rules", 0, "when", "time", "ge")] == (5, 34)
    assert document.key_positions[("rules", 0, "then", "prefer")] == (7, 7)


def test_where_falls_back_to_the_nearest_ancestor() -> None:
    document = load_text(PROFILE, "doc.yaml")
    assert document.where(("rules", 0, "when", "weekday")) == (5, 11)  # absent: its mapping
    assert document.where(("rules", 0, "when", "time", "ge"), key=True) == (5, 34)
    assert document.where(("rules", 7)) == (4, 3)
    assert document.where(("nothing", "here")) == (1, 1)


def test_diagnostic_is_located() -> None:
    document = load_text(PROFILE, "doc.yaml")
    diagnostic = document.diagnostic(("rules", 0, "when", "time"), "R303", "bad", key=True, suggestion="x")
    assert diagnostic == Diagnostic("doc.yaml", 5, 27, "R303", "bad", "rules/0/when/time", "x")


def test_positions_survive_comments_and_blank_lines() -> None:
    document = load_text("# yaml-language-server: $schema=x\n\n# more\nid: a\n", "doc.yaml")
    assert document.key_positions[("id",)] == (4, 1)
    assert document.positions[("id",)] == (4, 5)


def test_empty_document_is_none() -> None:
    assert load("") is None
    assert load("# only a comment\n") is None


def test_load_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("id: a\nid: b\n", encoding="utf-8")
    with pytest.raises(YamlError) as caught:
        load_file(path, name="shown/p.yaml")
    assert caught.value.diagnostic.file == "shown/p.yaml"


# --- scalars: what stays text, what is refused ------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"10:30"', "10:30"),
        ("09:00", "09:00"),
        ("2026-11-20", "2026-11-20"),
        ("2026-11-20T14:00:00Z", "2026-11-20T14:00:00+00:00"),  # a YAML timestamp: the date-time it says
        ("2026-11-20 14:00:00", "2026-11-20T14:00:00"),
        ("2026-1-5 9:05:00.25 -5", "2026-01-05T09:05:00.250000-05:00"),
        ("2026-11-20t14:00:00.000 +05:30", "2026-11-20T14:00:00+05:30"),
        ("'2026-11-20 14:00:00'", "2026-11-20 14:00:00"),  # quoted: text as written
        ("2026-11-20 14:00", "2026-11-20 14:00"),  # no seconds: not a YAML timestamp
        ("'2026-11-20'", "2026-11-20"),
        ("14", 14),
        ("-3", -3),
        ("1_000", 1000),
        ("0x1F", 31),
        ("2.5", 2.5),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("tue", "tue"),
        ("!!str 10", "10"),
    ],
)
def test_scalar_values(text: str, value: Any) -> None:
    loaded = load(f"a: {text}\n")["a"]
    assert loaded == value
    assert type(loaded) is type(value)


@pytest.mark.parametrize("text", ["10:30", "11:30", "1:30:00", "-1:30", "12:30.5", "!!int 11:30"])
def test_unquoted_base_60_numbers_are_refused_with_the_number_yaml_1_1_reads(text: str) -> None:
    problem = refused(f"a: {text}\n")
    assert where(problem) == ("Y109", 1, 4)
    plain = text.removeprefix("!!int ")
    assert problem.message == (f"{plain} unquoted is the number {yaml.safe_load(text)} to YAML 1.1 readers "
                               f"(PyYAML, for one); quote it: \"{plain}\"")


@given(st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_a_time_is_refused_exactly_when_yaml_1_1_reads_a_number(hour: int, minute: int, padded: bool) -> None:
    text = f"{hour:02d}:{minute:02d}" if padded else f"{hour}:{minute:02d}"
    read_by_pyyaml = yaml.safe_load(f"a: {text}\n")["a"]
    try:
        kept = load(f"a: {text}\n")["a"]
    except YamlError as error:
        assert error.diagnostic.code == "Y109" and isinstance(read_by_pyyaml, int)
    else:
        assert kept == read_by_pyyaml == text


@pytest.mark.parametrize("number", [str(2**53 + 1), str(-(2**53) - 1), "123456789012345678901234567890", "0x" + "f" * 40])
def test_huge_integers_are_refused(number: str) -> None:
    assert where(refused(f"version: {number}\n")) == ("Y108", 1, 10)


def test_the_largest_safe_integer_is_accepted() -> None:
    assert load(f"a: {2**53}\n") == {"a": 2**53}


def test_a_very_long_integer_is_refused_as_a_huge_number() -> None:
    """Past 4300 digits int() itself refuses; that must not turn the number into text."""
    assert where(refused("version: " + "9" * 5000 + "\n")) == ("Y108", 1, 10)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN", ".inf", "-.inf", "+.Inf", "1.0e+400", "-1.5e+999"])
def test_nan_and_infinity_are_refused(text: str) -> None:
    assert where(refused(f"then: {{prefer: {text}}}\n")) == ("Y108", 1, 16)


def test_explicit_float_tag_on_text_is_refused() -> None:
    assert where(refused("a: !!float x\n")) == ("Y108", 1, 4)


# --- duplicate keys ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "first_line"),
    [
        ("id: a\nname: x\nid: b\n", ("Y102", 3, 1), 1),
        ("rules:\n  - id: a\n    why: x\n    id: b\n", ("Y102", 4, 5), 2),
        ("when: {channel: call, channel: email}\n", ("Y102", 1, 23), 1),
        ("1: a\n'1': b\n", ("Y102", 2, 1), 1),
    ],
    ids=["top", "nested", "flow", "int-and-string"],
)
def test_duplicate_keys_name_the_first(text: str, expected: tuple[str, int, int], first_line: int) -> None:
    diagnostic = refused(text)
    assert where(diagnostic) == expected
    assert f"first defined at line {first_line}" in diagnostic.message


@pytest.mark.parametrize("key", ["yes", "~", "1.5", "[a, b]"])
def test_keys_must_be_strings(key: str) -> None:
    assert refused(f"? {key}\n: 1\n").code == "Y101"


# --- encodings ---------------------------------------------------------------------------


def test_utf8_bom_is_stripped() -> None:
    document = load_bytes(b"\xef\xbb\xbfid: caf\xc3\xa9\n", "doc.yaml")
    assert document.data == {"id": "café"}
    assert document.key_positions[("id",)] == (1, 1)


def test_bom_character_in_text_is_stripped() -> None:
    assert load("\ufeffid: a\n") == {"id": "a"}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec: str) -> None:
    raw = "id: café\nname: x\n".encode(codec)
    if codec != "utf-16":  # the explicit-endian codecs write no BOM: add it
        raw = "\ufeff".encode(codec) + raw
    document = load_bytes(raw, "doc.yaml")
    assert document.data == {"id": "café", "name": "x"}
    assert document.key_positions[("name",)] == (2, 1)


def test_invalid_utf8_is_reported_with_its_line_and_column() -> None:
    diagnostic = refused(b"id: a\nname: Caf\xe9\n")
    assert where(diagnostic) == ("Y107", 2, 10)
    assert "0xe9" in diagnostic.message
    assert "UTF-8" in diagnostic.message


@pytest.mark.parametrize(("char", "col"), [("\x00", 8), ("\x01", 8), ("\x1b", 8), ("\x7f", 8)])
def test_control_characters_are_refused(char: str, col: int) -> None:
    assert where(refused(f"id: a\nname: x{char}y\n")) == ("Y107", 2, col)


def test_tabs_and_crlf_are_fine() -> None:
    assert load("a:\tb\r\nc: d\r\n") == {"a": "b", "c": "d"}


# --- tags, merge keys and other code paths ------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object:os.system",
    ],
)
def test_python_tags_are_refused_without_running_anything(
    tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "MARKER"
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    monkeypatch.chdir(tmp_path)
    text = f'id: x\nname: {tag} ["touch {marker}"]\n'
    assert where(refused(text)) == ("Y106", 2, 7)
    assert not marker.exists()
    assert calls == []


@pytest.mark.parametrize("text", ["a: !!python/name:os.system\n", "a: !!python/module:os\n"])
def test_python_name_tags_are_refused(text: str) -> None:
    assert where(refused(text)) == ("Y106", 1, 4)


@pytest.mark.parametrize(
    "text", ["a: !!set {x, y}\n", "a: !!binary aGVsbG8=\n", "a: !!omap [x: 1]\n", "a: !custom x\n", "a: !<tag:x> y\n"]
)
def test_other_tags_are_refused(text: str) -> None:
    assert where(refused(text)) == ("Y106", 1, 4)


def test_merge_keys_are_refused() -> None:
    diagnostic = refused("base: &b {start: '09:00'}\nhours:\n  <<: *b\n  end: '17:00'\n")
    assert where(diagnostic) == ("Y106", 3, 3)
    assert "merge" in diagnostic.message


def test_aliases_within_limits_are_plain_values() -> None:
    assert load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


# --- hostile documents -------------------------------------------------------------------


def _billion_laughs(levels: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, current in itertools.pairwise(names[:levels]):
        lines.append(f"{current}: &{current} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _finishes(work: Any) -> Any:
    """Run ``work`` in a thread: a hang fails the test instead of stalling the run."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the loader did not give up"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_billion_laughs_is_refused() -> None:
    diagnostic = _finishes(lambda: refused(_billion_laughs(9)))
    assert diagnostic.code == "Y105"
    assert diagnostic.line > 0


def test_a_wide_alias_expansion_is_refused_by_the_node_count() -> None:
    """Few aliases, each of a large list: the value count stops it, not the alias count."""
    text = "a: &a [" + ", ".join(["1"] * 5000) + "]\nb: [" + ", ".join(["*a"] * 60) + "]\n"
    diagnostic = _finishes(lambda: refused(text))
    assert diagnostic.code == "Y105"


def test_limits_are_configurable() -> None:
    assert refused("a: &x [1]\nb: [*x, *x, *x]\n", Limits(max_aliases=2)).code == "Y105"
    assert refused("a: [[[1]]]\n", Limits(max_depth=3)).code == "Y104"
    assert refused("a: [1, 2, 3, 4]\n", Limits(max_nodes=4)).code == "Y105"
    assert refused("a: abcdef\n", Limits(max_string=5)).code == "Y103"
    assert refused("a: 1\n", Limits(max_bytes=3)).code == "Y103"
    assert refused(b"a: 1\n", Limits(max_bytes=3)).code == "Y103"


def test_deep_nesting_is_refused_where_it_goes_too_deep() -> None:
    ok = "a: " + "[" * 63 + "]" * 63 + "\n"
    assert load(ok) is not None
    assert where(refused("a: " + "[" * 65 + "]" * 65 + "\n")) == ("Y104", 1, 68)


def test_deep_block_nesting_is_refused() -> None:
    text = "".join(" " * level + "k:\n" for level in range(80)) + " " * 80 + "v\n"
    assert where(refused(text)) == ("Y104", 66, 66)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_very_deep_nesting_fails_cleanly(depth: int) -> None:
    assert _finishes(lambda: refused("[" * depth + "]" * depth)).code == "Y104"


def test_nesting_beyond_the_parser_limit_is_still_too_deep() -> None:
    """libyaml stops at 1000 levels with its own error; that is still "too deep"."""
    assert refused("[" * 2_000 + "]" * 2_000).code == "Y104"


def test_a_long_value_is_refused() -> None:
    assert where(refused("id: a\ndescription: " + "x" * 10_001 + "\n")) == ("Y103", 2, 14)


def test_a_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    with pytest.raises(YamlError) as caught:
        load_file(path)
    assert where(caught.value.diagnostic) == ("Y103", 0, 0)


def test_a_large_text_is_refused() -> None:
    assert where(refused("# " + "x" * 1_000_001)) == ("Y103", 0, 0)


# --- reading files -------------------------------------------------------------------------


def test_missing_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as caught:
        load_file(tmp_path / "missing.yaml")
    assert caught.value.diagnostic.code == "Y100"
    assert caught.value.diagnostic.file == str(tmp_path / "missing.yaml")


def test_a_directory_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as caught:
        load_file(tmp_path)
    assert caught.value.diagnostic.code == "Y100"


def test_load_file_returns_a_document(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    document = load_file(path)
    assert isinstance(document, Document)
    assert document.file == str(path)
    assert document.data["id"] == "sample"


# --- invalid YAML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: [unclosed\nname: x\n", ("Y101", 2, 5)),
        ("a:\n\tb: 1\n", ("Y101", 2, 1)),
        ("a: *undefined\n", ("Y101", 1, 4)),
        ("a: 1\n---\nb: 2\n", ("Y101", 2, 1)),
    ],
    ids=["unclosed", "tab-indent", "undefined-alias", "two-documents"],
)
def test_invalid_yaml_is_located(text: str, expected: tuple[str, int, int]) -> None:
    diagnostic = refused(text)
    assert where(diagnostic) == expected
    assert diagnostic.message.startswith("invalid YAML")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens_not_at_the_end(quote: str) -> None:
    diagnostic = refused(f"id: x\nname: {quote}Pub\nextends: general\nrules: []\n\n\n")
    assert where(diagnostic) == ("Y101", 2, 7)
    assert diagnostic.message == "invalid YAML: a quoted value that starts here is never closed (the file ends first)"


def test_an_error_inside_a_bracket_names_the_line_where_the_bracket_opens() -> None:
    diagnostic = refused("id: x\nname: [1, 2\nextends: general\n")
    assert where(diagnostic) == ("Y101", 3, 8)
    assert diagnostic.message.endswith("(in a flow sequence that starts at line 2)")
