"""The ``followup`` command: parse, build, run, return an exit code.

The only module that prints or exits. Exit codes: 0 ok, 1 problems found in
profiles (or a failing profile test), 2 bad usage or bad input.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import click

from .api import advise
from .errors import Diagnostic, FollowupError, ProfileError, SituationError
from .errors import shown as quoted
from .evaluation.backends import BACKENDS, backend_name, durable_problem
from .evaluation.plan import Plan
from .language.catalog import PROFILE_SUFFIXES, Catalog, shown_path
from .language.schema import SCHEMA_NAMES
from .language.yaml_source import Limits, YamlError, load_bytes
from .output import OutputError, write_output
from .report.diagnostics import DIAGNOSTIC_FORMATS, render_diagnostics
from .report.formats import PLAN_FORMATS, render_plan
from .vocabulary import PURPOSES

__all__ = ["main"]

ENV_PROFILES = "FOLLOWUP_PROFILES_PATH"
ENV_BACKEND = "FOLLOWUP_BACKEND"


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"followup: error: {message}", err=True)
    sys.exit(code)


def _profile_dirs(given: Sequence[str]) -> list[str]:
    from_env = [part for part in os.environ.get(ENV_PROFILES, "").split(os.pathsep) if part]
    dirs = [*from_env, *given]
    for directory in dirs:
        if not Path(directory).exists():
            origin = ENV_PROFILES if directory in from_env and directory not in given else "--profiles"
            _fail(f"{origin}: no such file or directory: {directory}")
    return dirs


def _catalog(dirs: Sequence[str], files: Sequence[Path] = ()) -> Catalog:
    """The catalog of a command that uses profiles (not ``validate``, which reports on them).

    Its warnings and the sources it could not use go to stderr, one line each; a profiles
    folder or file that cannot be read at all (Y100) stops the command (exit 1), a
    failed profile pack does not.
    """
    catalog = Catalog(dirs, files=files)
    for diagnostic in (*catalog.warnings, *catalog.source_problems):
        click.echo(str(diagnostic), err=True)
    if any(diagnostic.code == "Y100" for diagnostic in catalog.source_problems):
        sys.exit(1)
    return catalog


def _backend(flag: str | None = None) -> str:
    """The evaluator: ``--backend``, else $FOLLOWUP_BACKEND, else durable-rules where it runs."""
    origin, name = ("--backend", flag) if flag else (ENV_BACKEND, os.environ.get(ENV_BACKEND, "").strip())
    if not name:
        return backend_name()
    if name not in BACKENDS:
        _fail(f"{origin}: unknown evaluator {name!r}; one of {', '.join(BACKENDS)}")
    problem = durable_problem() if name == "durable" else None
    if problem is not None:
        _fail(f"{origin}: durable-rules cannot run here: {problem}; "
              "use python, the built-in evaluator (it gives the same plans)")
    return name


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: this package's version, and which evaluator plans here and why."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    click.echo(f"followup, version {version('followup-etiquette')}")
    name = _backend()  # a bad or unusable $FOLLOWUP_BACKEND fails here as everywhere
    if name == "durable":
        try:
            label = f"durable-rules {version('durable_rules')}"
        except PackageNotFoundError:  # pragma: no cover - it runs, so it is installed
            label = "durable-rules"
    else:
        label = "built in"
    why = f"forced by {ENV_BACKEND}" if os.environ.get(ENV_BACKEND, "").strip() else "the default here"
    line = f"evaluator: {name} ({label}; {why}) on {platform.python_implementation()} {platform.python_version()}"
    problem = durable_problem()
    if problem is not None:
        line += f"; durable-rules cannot run here: {problem}"
    click.echo(line)
    ctx.exit()


profiles_option = click.option(
    "--profiles", "profile_dirs", multiple=True, metavar="DIR",
    help=f"Extra directory (or file) of profiles; repeatable. Also read from ${ENV_PROFILES}.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and which evaluator plans (durable-rules or the built-in one), then exit.")
def main() -> None:
    """When and how to follow up after a job interview, from etiquette profiles."""


# --- advise --------------------------------------------------------------------------


def _render(plan: Plan, fmt: str) -> bytes:
    return render_plan(plan, fmt)


def _write(payload: str | bytes, output: str | None) -> None:
    data = payload.encode() if isinstance(payload, str) else payload
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    _write_file(output, [data])


def _write_file(output: str, chunks: Iterable[bytes]) -> None:
    """Write ``--output`` (see :mod:`engine.output`); a file system error is one line, exit 2."""
    try:
        write_output(output, chunks)
    except OutputError as error:
        _fail(f"--output {error}")


def _replaces_input(input_path: str, output: str) -> bool:
    """Would writing ``output`` replace the input file? (A terminal or pipe for both is fine.)"""
    try:
        return os.path.isfile(output) and os.path.samefile(input_path, output)
    except OSError:  # the input cannot be read: its own error says so
        return False


class _Stopped(BaseException):
    """A signal asking the command to stop; unwinds like Ctrl-C, so no half-written file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@main.command("advise")
@click.option("--interview", metavar="DATETIME", help="Interview start, ISO 8601 (e.g. 2026-11-20T14:00).")
@click.option("--timezone", "zone", metavar="ZONE", help="Employer's IANA time zone (e.g. America/New_York).")
@click.option("--industry", metavar="ID", help="Profile id (default: general).")
@click.option("--purpose", type=click.Choice(PURPOSES), help="One step only; default: the whole sequence.")
@click.option("--country", metavar="CODE", help="Public holidays of this country (US, GB, US-NY, DE-BY...).")
@click.option("--promised-reply-by", metavar="DATE", help="Date the employer said it would answer by.")
@click.option("--competing-offer-deadline", metavar="DATE", help="Date another offer expires.")
@click.option("--heard-back", is_flag=True, default=None, help="The employer already answered.")
@click.option("--traditional", is_flag=True, default=None, help="The employer is old-school.")
@click.option("--now", metavar="DATETIME", help="Plan as of this moment (default: the current time).")
@click.option("--input", "input_path", metavar="FILE|-",
              help="Read a situation (JSON/YAML), or JSON Lines of many, from FILE or stdin.")
@click.option("--output", "output", metavar="FILE", help="Write here (atomically) instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(list(PLAN_FORMATS)), default="text", show_default=True)
@click.option("--backend", type=click.Choice(BACKENDS), default=None,
              help=f"Evaluator: durable (durable-rules) or python (built in); default: durable-rules where it runs, "
                   f"else python. Also read from ${ENV_BACKEND}.")
@profiles_option
def advise_command(
    interview: str | None, zone: str | None, industry: str | None, purpose: str | None, country: str | None,
    promised_reply_by: str | None, competing_offer_deadline: str | None, heard_back: bool | None,
    traditional: bool | None, now: str | None, input_path: str | None, output: str | None, fmt: str,
    backend: str | None, profile_dirs: tuple[str, ...],
) -> None:
    """Plan the follow-up of one interview (or of many with --input)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    try:
        code = _advise_command(interview, zone, industry, purpose, country, promised_reply_by,
                               competing_offer_deadline, heard_back, traditional, now, input_path, output, fmt,
                               backend, profile_dirs)
    except (KeyboardInterrupt, _Stopped) as stop:
        writing = output is not None and output != "-"
        click.echo("followup: interrupted; no output file was written" if writing else "followup: interrupted",
                   err=True)
        sys.exit(128 + stop.signum if isinstance(stop, _Stopped) else 130)
    sys.exit(code)


def _advise_command(
    interview: str | None, zone: str | None, industry: str | None, purpose: str | None, country: str | None,
    promised_reply_by: str | None, competing_offer_deadline: str | None, heard_back: bool | None,
    traditional: bool | None, now: str | None, input_path: str | None, output: str | None, fmt: str,
    backend: str | None, profile_dirs: tuple[str, ...],
) -> int:
    flags = {
        "interview": interview, "timezone": zone, "industry": industry, "purpose": purpose, "country": country,
        "promised_reply_by": promised_reply_by, "competing_offer_deadline": competing_offer_deadline,
        "heard_back": heard_back, "traditional": traditional,
    }
    given = {key: value for key, value in flags.items() if value is not None}
    if input_path not in (None, "-") and output not in (None, "-") and _replaces_input(input_path, output):
        _fail(f"--output {output} is the --input file; write the plans to another file")
    backend = _backend(backend)
    catalog = _catalog(_profile_dirs(profile_dirs))
    if input_path is None:
        if "interview" not in given:
            _fail("give --interview (and --timezone), or --input FILE")
        return _advise_one(given, now, catalog, fmt, output, backend)
    raw = _open_input(input_path)
    lines = _read_lines(raw)
    head: list[tuple[int, bytes | None]] = []
    jsonl = input_path.endswith((".jsonl", ".ndjson"))
    for number, line in lines:  # up to the first line with content
        head.append((number, line))
        if line is None or line.strip():
            break
    if not jsonl and head and head[-1][1] is not None and _is_object(head[-1][1]):
        for number, line in lines:  # more content after it makes JSON Lines
            head.append((number, line))
            if line is None or line.strip():
                jsonl = True
                break
    if jsonl:
        if fmt != "json":
            _fail("JSON Lines input gives JSON Lines output: use --format json")
        return _advise_many(itertools.chain(head, lines), given, now, catalog, output, backend, input_path)
    if any(line is None for _, line in head):
        _fail(f"{_input_name(input_path)}: larger than {MAX_INPUT} bytes; refused")
    data = b"".join(line for _, line in head if line is not None) + raw.read(MAX_INPUT + 1)
    situation = _read_document(data, input_path)
    return _advise_one({**situation, **given}, now, catalog, fmt, output, backend)


MAX_INPUT = Limits().max_bytes  # one situation, or one line of JSON Lines


def _input_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _advise_one(situation: dict[str, Any], now: str | None, catalog: Catalog, fmt: str, output: str | None,
                backend: str) -> int:
    try:
        plan = advise(situation, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        _fail(str(error))
    except ProfileError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        return 1
    except FollowupError as error:
        _fail(str(error), 1)
    _write(_render(plan, fmt), output)
    return 0


def _open_input(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        _fail(f"--input: cannot read {path}: {error.strerror or error}")


def _read_lines(raw: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, each at most MAX_INPUT bytes; a longer one comes as None, skipped."""
    number = 0
    while True:
        line = raw.readline(MAX_INPUT + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_INPUT and not line.endswith(b"\n"):
            while True:
                more = raw.readline(MAX_INPUT)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _read_document(data: bytes, name: str) -> dict[str, Any]:
    shown = _input_name(name)
    try:
        document = load_bytes(data, shown)
    except YamlError as error:
        _fail(str(error.diagnostic))
    if not isinstance(document.data, dict):
        _fail(f"{shown}: a situation is a mapping (JSON object)")
    return dict(document.data)


def _advise_many(lines: Iterator[tuple[int, bytes | None]], given: dict[str, Any], now: str | None,
                 catalog: Catalog, output: str | None, backend: str, name: str) -> int:
    counts = {"ok": 0, "bad": 0}
    total = None
    if name != "-" and sys.stderr.isatty():
        with open(name, "rb") as handle:
            total = sum(1 for line in handle if line.strip())

    def records() -> Iterator[bytes]:
        bar: Any
        # A bar needs a length: shown for a file read on a terminal, not for a pipe.
        with click.progressbar(length=total or 0, label="advise", file=sys.stderr,
                               hidden=total is None) as bar:
            for number, line in lines:
                if line is not None and not line.strip():
                    continue
                record = _one_line(number, line, given, now, catalog, backend, counts)
                try:
                    yield (json.dumps(record, ensure_ascii=False) + "\n").encode()
                except UnicodeEncodeError:  # lone surrogates from JSON escapes: keep them escaped
                    yield (json.dumps(record) + "\n").encode()
                bar.update(1)

    if output is None or output == "-":
        for record in records():
            sys.stdout.buffer.write(record)
        sys.stdout.flush()
    else:
        _write_file(output, records())
    if counts["bad"]:
        click.echo(f"followup: {counts['bad']} of {counts['ok'] + counts['bad']} lines had errors", err=True)
        return 2
    return 0


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (as the YAML reader does; JSON would keep the last)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _bad(counts: dict[str, int], number: int, field: str, message: str) -> dict[str, Any]:
    counts["bad"] += 1
    return {"line": number, "error": {"field": field, "message": message}}


def _one_line(number: int, line: bytes | None, given: dict[str, Any], now: str | None, catalog: Catalog,
              backend: str, counts: dict[str, int]) -> dict[str, Any]:
    """The plan of one line, or an error record; no line can stop the run."""
    if line is None:
        return _bad(counts, number, "", f"line longer than {MAX_INPUT} bytes")
    try:
        value = json.loads(line.decode("utf-8"), object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        return _bad(counts, number, "", "not UTF-8 text")
    except RecursionError:
        return _bad(counts, number, "", "invalid JSON: nested too deeply")
    except _DuplicateKey as error:
        return _bad(counts, number, "", f"duplicate key {quoted(error.key)}; each field once")
    except ValueError as error:
        return _bad(counts, number, "", f"invalid JSON: {error}")
    if not isinstance(value, dict):
        return _bad(counts, number, "", "each line must be a JSON object")
    try:
        plan = advise({**value, **given}, now=now, profiles=catalog, backend=backend)
    except SituationError as error:
        return _bad(counts, number, error.field, error.message)
    except ProfileError as error:
        return _bad(counts, number, "industry", str(error))
    except FollowupError as error:
        return _bad(counts, number, "", str(error))
    counts["ok"] += 1
    return plan.to_dict()


# --- validate ------------------------------------------------------------------------


def _expand(paths: Sequence[str]) -> tuple[list[Path], list[Diagnostic]]:
    """The profile files named by paths and folders, each once, in the order given; and
    the folders that could not be read (Y100). A named path that is not a regular file
    (a FIFO, a device) is kept: reading it says what is wrong."""
    files: list[Path] = []
    unreadable: list[Diagnostic] = []

    def refuse(error: OSError) -> None:
        where = shown_path(Path(error.filename)) if error.filename else "?"
        unreadable.append(Diagnostic(where, 0, 0, "Y100", f"cannot read folder: {error.strerror or error}"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [Path(folder) / name for folder, _, names in os.walk(path, onerror=refuse) for name in names]
            files.extend(sorted(p for p in found if p.suffix in PROFILE_SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            _fail(f"no such file or directory: {raw}")
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values()), unreadable


def collect_diagnostics(catalog: Catalog, shown: Sequence[str]) -> list[Diagnostic]:
    """Every problem of the given files: reading, schema, inheritance, semantics, examples."""
    from .language.examples import check_examples

    found: set[Diagnostic] = set()
    for name in shown:
        found.update(catalog.problems_of(name))
    for profile_id in catalog.ids_in(shown):
        problems = catalog.check(profile_id)
        found.update(problems)
        source = catalog.file_of(profile_id)
        if source is not None and not any(d.severity == "error" for d in problems):
            found.update(check_examples(source, catalog.resolve(profile_id)))
    return sorted(found)


@main.command("validate")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(sorted(DIAGNOSTIC_FORMATS)), default="text", show_default=True)
@profiles_option
def validate_command(paths: tuple[str, ...], fmt: str, profile_dirs: tuple[str, ...]) -> None:
    """Check profile files or folders (default: every profile in sight)."""
    dirs = _profile_dirs(profile_dirs)
    unreadable: list[Diagnostic] = []
    if paths:
        files, unreadable = _expand(paths)
        catalog = Catalog(dirs, files=files)
        shown = [shown_path(path) for path in files]
    else:
        catalog = Catalog(dirs)
        shown = catalog.shown_files
    diagnostics = sorted({*collect_diagnostics(catalog, shown), *unreadable, *catalog.warnings,
                          *(d for d in catalog.source_problems if d.code == "Y100")})
    named = {*shown, *(d.file for d in unreadable)}
    click.echo(render_diagnostics(diagnostics, len(named), fmt), nl=False)
    sys.exit(1 if any(d.severity == "error" for d in diagnostics) else 0)


# --- profiles and schema -------------------------------------------------------------


@main.command("profiles")
@click.option("--resolved", metavar="ID", help="Print one profile fully resolved (inheritance applied).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml"]), default="text", show_default=True)
@profiles_option
def profiles_command(resolved: str | None, fmt: str, profile_dirs: tuple[str, ...]) -> None:
    """List the profiles in sight, or print one resolved."""
    catalog = _catalog(_profile_dirs(profile_dirs))
    if resolved:
        if catalog.file_of(resolved) is None:
            from .errors import did_you_mean

            hint = did_you_mean(resolved, catalog.ids)
            _fail(f"unknown profile {resolved!r}; known: {', '.join(catalog.ids)}"
                  + (f" (did you mean {hint!r}?)" if hint else ""))
        try:
            profile = catalog.resolve(resolved)
        except ProfileError as error:
            for diagnostic in error.diagnostics:
                click.echo(str(diagnostic), err=True)
            sys.exit(1)
        data = profile.to_dict()
        if fmt == "yaml":
            import yaml

            click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
        else:
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    rows: list[dict[str, Any]] = []
    for source in catalog.files():
        problems = catalog.check(source.id)
        resolved_profile = None if problems else catalog.resolve(source.id)
        row: dict[str, Any] = {
            "id": source.id,
            "name": str(source.data.get("name", "")),
            "extends": source.parent,
            "evidence": resolved_profile.evidence if resolved_profile else None,
            "origin": source.origin,
            "file": source.file,
            "ok": not problems,
        }
        rows.append(row)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump(rows, sort_keys=False), nl=False)
        return
    width = max((len(row["id"]) for row in rows), default=2)
    for row in rows:
        status = "" if row["ok"] else "  (has problems: run followup validate)"
        parent = f"extends {row['extends']}" if row["extends"] else "root"
        click.echo(f"{row['id']:<{width}}  {row['name']}  [{parent}; evidence {row['evidence'] or '?'}]"
                   f"  {row['file']}{status}")


@main.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema_command(name: str) -> None:
    """Print a JSON Schema: profile, situation or plan."""
    from .resources import schema_path

    click.echo(schema_path(name).read_text(encoding="utf-8"), nl=False)


# --- test ----------------------------------------------------------------------------


@main.command("test")
@click.argument("paths", nargs=-1)
@click.option("--examples", "count", type=click.IntRange(min=1), default=100, show_default=True,
              help="Generated situations per invariant and profile.")
@click.option("--seed", type=int, default=None, help="Seed for the generated situations (repeatable runs).")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on warnings too: a profile without examples, or with rules no example exercises.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@profiles_option
def test_command(paths: tuple[str, ...], count: int, seed: int | None, strict: bool, fmt: str,
                 profile_dirs: tuple[str, ...]) -> None:
    """Run profiles' examples and the invariants as property tests."""
    from .testing import run_profile_tests  # Hypothesis is loaded only to test profiles

    dirs = _profile_dirs(profile_dirs)
    if paths:
        files, unreadable = _expand(paths)
        for diagnostic in unreadable:
            click.echo(str(diagnostic), err=True)
        if unreadable:
            sys.exit(1)
        if not files:
            _fail("no profile files (*.yaml, *.yml) in the given paths")
        catalog = _catalog(dirs, files)
        ids = catalog.ids_in([shown_path(path) for path in files])
        if not ids:
            for diagnostic in collect_diagnostics(catalog, [shown_path(path) for path in files]):
                click.echo(str(diagnostic), err=True)
            _fail("no valid profile in the given paths", 1)
        extra_dirs = [*dirs, *sorted({str(path.parent) for path in files})]
    else:
        catalog = _catalog(dirs)
        ids = catalog.ids
        extra_dirs = list(dirs)
    try:
        report = run_profile_tests(catalog, ids, examples=count, seed=seed, dirs=extra_dirs, strict=strict,
                                   backend=_backend())
    except ProfileError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        sys.exit(1)
    except FollowupError as error:  # pragma: no cover - defensive
        _fail(str(error), 1)
    click.echo(report.render(fmt), nl=False)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
