"""``followup agenda`` under hostile or unlucky files: nothing lost, nothing let through, memory kept small.

Each row of a tracker's export is planned or named: a quote left open spoils one row
only; a header is read in time linear in its size and has a column limit; a header's
names reach the terminal escaped; two rows with the same ``ref`` are two events; and
the agenda keeps little of each row, so its memory barely grows with their number.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from engine.frontends.cli import main

from .support import assert_clean_failure, record, run_engine

NOW = "2026-11-23T09:00"
HEADER = "ref,company,interview,timezone\n"


def _row(index: int) -> str:
    return f"A{index},Company {index},2026-11-{16 + index % 4}T{9 + index % 8:02d}:00,Europe/Berlin\n"


def _agenda(path: Path, *args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, ["agenda", str(path), "--now", NOW, *args])
    return done.exit_code, done.stdout, done.stderr


def test_an_unclosed_quote_spoils_its_own_row_only(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER + 'A1,"Acme,2026-11-16T10:00,Europe/Berlin\n' + "".join(_row(i) for i in range(2, 301)),
                    encoding="utf-8")
    code, out, err = _agenda(path, "--format", "json")
    assert code == 2
    assert err.splitlines() == [
        f"followup: {path}: row 2: a quote opened in this row is not closed on its line "
        "(a cell cannot hold a line break)",
        "followup: 1 of 300 rows had errors and are not in the agenda",
    ]
    data = json.loads(out)
    assert sorted(item["row"] for item in data["applications"]) == list(range(3, 302))
    assert data["errors"] == [{"row": 2, "field": "", "message": err.splitlines()[0].split("row 2: ")[1]}]


def test_rows_are_numbered_as_lines_and_a_quote_never_runs_across_them(tmp_path: Path) -> None:
    """A quoted cell with a line break in it (which no field may hold) is two bad rows, each named by its line."""
    path = tmp_path / "tracker.csv"
    path.write_text(HEADER + _row(1) + 'A2,"Two\nlines",2026-11-16T10:00,Europe/Berlin\n' + "\n" + _row(5),
                    encoding="utf-8")
    code, out, err = _agenda(path, "--format", "json")
    assert code == 2
    assert [line.split(": ")[2] for line in err.splitlines()[:2]] == ["row 3", "row 4"], err
    assert "2 of 4 rows had errors" in err
    assert sorted(item["ref"] for item in json.loads(out)["applications"]) == ["A1", "A5"]


@pytest.mark.parametrize("columns", [40_000, 400_000])
def test_a_header_of_many_columns_is_refused_at_once(tmp_path: Path, columns: int) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text("interview," + ",".join("x" for _ in range(columns - 1)) + "\n" + _row(1),
                    encoding="utf-8")
    child = run_engine(["agenda", "tracker.csv", "--now", NOW], cwd=tmp_path, timeout=60)
    record(f"agenda: a header of {columns:,} columns refused in", f"{child.seconds:.1f} s")
    assert assert_clean_failure(child, 2) == \
        f"followup: error: tracker.csv:1: {columns} columns in the header; at most 1000"


def test_a_header_longer_than_a_line_may_be_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text("interview," + "x," * 1_000_000 + "\n" + _row(1), encoding="utf-8")
    child = run_engine(["agenda", "tracker.csv", "--now", NOW], cwd=tmp_path, timeout=60)
    assert assert_clean_failure(child, 2) == "followup: error: tracker.csv:1: header row longer than 1000000 bytes"


def test_a_header_at_the_column_limit_is_read_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    names = ["interview", "timezone", *(f"Extra {index}" for index in range(998))]
    path.write_text(",".join(names) + "\n2026-11-16T10:00,Europe/Berlin" + "," * 998 + "\n", encoding="utf-8")
    code, out, err = _agenda(path)
    assert code == 0, err
    warning = err.splitlines()[0]
    assert warning == (f"followup: warning: {path}: ignoring unknown columns: "
                       f"{', '.join(f'Extra {index}' for index in range(20))} and 978 more")
    assert out.startswith("Agenda: 1 application,")


def test_a_column_given_twice_among_thousands_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    names = ["interview", *(f"c{index}" for index in range(990)), "Time zone", "timezone"]
    path.write_text(",".join(names) + "\n", encoding="utf-8")
    code, _, err = _agenda(path)
    assert code == 2 and err == f"followup: error: {path}:1: column 'timezone' appears twice\n"


def test_terminal_escapes_in_a_header_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text("interview,timezone,\x1b]0;pwned\x07\x1b[2J,Notes\n2026-11-16T10:00,Europe/Berlin,,\n",
                    encoding="utf-8")
    child = run_engine(["agenda", "tracker.csv", "--now", NOW], cwd=tmp_path)
    assert child.returncode == 0, child.describe()
    assert not any(char in child.err for char in "\x1b\x07"), child.describe()
    assert child.err == ("followup: warning: tracker.csv: ignoring unknown columns: "
                         "'\\x1b]0;pwned\\x07\\x1b[2J', Notes\n")


def _events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _calendar(path: Path) -> list[tuple[str, str]]:
    done = CliRunner().invoke(main, ["agenda", str(path), "--now", NOW, "--format", "ics"])
    assert done.exit_code == 0, done.stderr
    return [(str(event["uid"]), event.decoded("dtstart").isoformat()) for event in _events(done.stdout_bytes)]


def test_two_rows_with_the_same_ref_are_two_sets_of_events(tmp_path: Path) -> None:
    acme_row, bolt_row = "A-1,Acme,2026-11-16T10:00,Europe/Berlin\n", "A-1,Bolt,2026-11-17T10:00,America/New_York\n"
    (tmp_path / "both.csv").write_text(HEADER + acme_row + bolt_row, encoding="utf-8")
    (tmp_path / "acme.csv").write_text(HEADER + acme_row, encoding="utf-8")
    (tmp_path / "bolt.csv").write_text(HEADER + bolt_row, encoding="utf-8")
    both, acme, bolt = (_calendar(tmp_path / name) for name in ("both.csv", "acme.csv", "bolt.csv"))
    # Alone, each row's events get the UIDs of its ref and steps: the same ones.
    assert acme and {uid for uid, _ in acme} == {uid for uid, _ in bolt}
    # Together, every event of both rows is there, each with its own UID.
    assert sorted(start for _, start in both) == sorted(start for _, start in acme + bolt)
    assert len({uid for uid, _ in both}) == len(both)
    # The first row keeps the UIDs it has alone, so a calendar imported before is updated, not doubled.
    assert set(acme) <= set(both)


def _tracker(count: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ref", "company", "role", "interviewer", "interview", "timezone", "industry", "promised reply by"])
    for index in range(count):
        writer.writerow([f"A{index}", f"Company {index}", "Analyst", "Ms Rivera",
                         f"2026-11-{10 + index % 12:02d}T{9 + index % 8:02d}:{index % 4 * 15:02d}",
                         ["Europe/Berlin", "America/New_York", "Asia/Tokyo"][index % 3],
                         ["general", "legal", "it"][index % 3], "2026-11-27" if index % 5 == 0 else ""])
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "ics"])
def test_the_agenda_keeps_little_of_each_row(tmp_path: Path, fmt: str) -> None:
    """The peak memory of whole ``followup agenda`` processes for 500 and 2,500 rows (the output
    going to a file): each row beyond costs a few kilobytes at most (its lines, JSON or events,
    kept in a temporary file), never its plan (about 15 kB). benchmarks/agenda.py measures larger files."""
    peaks = []
    for count in (500, 2500):
        (tmp_path / f"{count}.csv").write_text(_tracker(count), encoding="utf-8")
        child = run_engine(["agenda", f"{count}.csv", "--now", NOW, "--format", fmt], cwd=tmp_path, timeout=300)
        assert child.returncode == 0, child.describe()
        peaks.append(child.max_rss_mb)
    per_row = (peaks[1] - peaks[0]) * 1e6 / 2000
    record(f"agenda --format {fmt}: peak memory per row, 500 to 2,500 rows", f"{per_row / 1000:.1f} kB")
    assert per_row < 3_000
