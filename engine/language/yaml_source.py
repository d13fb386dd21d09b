"""The one place that reads YAML (and JSON, a subset of it).

Safe by construction: the document is only *composed* into nodes (PyYAML never
constructs Python objects here), and the nodes are turned into plain values by this
module, which accepts the standard scalar tags only.  Along the way it records where
every value and key came from, refuses duplicate keys, and enforces limits on size,
nesting depth, node count and aliases so that a hostile file fails fast.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, FollowupError

__all__ = ["Document", "JsonPath", "Limits", "YamlError", "load_bytes", "load_file", "load_text",
           "read_file"]

JsonPath = tuple[str | int, ...]

try:  # the C parser is much faster; the pure-Python one behaves the same.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_INT_BOUND = 2**53  # beyond this, JSON consumers lose precision


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile document cheap to refuse."""

    max_bytes: int = 1_000_000
    max_depth: int = 64
    max_nodes: int = 50_000
    max_aliases: int = 100
    max_string: int = 10_000


@dataclass
class Document:
    """Plain data read from a file, with the position of every value and key."""

    file: str
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``; falls back to its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def diagnostic(
        self,
        path: JsonPath,
        code: str,
        message: str,
        *,
        key: bool = False,
        suggestion: str | None = None,
    ) -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(
            self.file, line, col, code, message, format_path(path), suggestion
        )


class YamlError(FollowupError):
    """The document could not be read; carries one located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def format_path(path: JsonPath) -> str:
    return "/".join(str(part) for part in path)


def load_file(path: str | Path, *, limits: Limits = Limits(), name: str | None = None) -> Document:
    """Read and parse one YAML/JSON file; raises :class:`YamlError` on any problem.

    Only a regular file is read: the file is opened without blocking (a FIFO with no
    writer would wait forever) and refused unless it is one.
    """
    shown = name or str(path)
    return load_bytes(read_file(path, limits=limits, name=shown), shown, limits=limits)


def read_file(path: str | Path, *, limits: Limits = Limits(), name: str | None = None) -> bytes:
    """The bytes of one file, as :func:`load_file` reads
    them (up to one byte past the limit), unparsed."""
    shown = name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(
        os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise YamlError(Diagnostic(shown, 0, 0, "Y100",
                                   f"cannot read file: {exc.strerror or exc}")) from None
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            what = ("a folder" if stat.S_ISDIR(kind) else "a FIFO" if stat.S_ISFIFO(kind)
                    else "a device or socket")
            raise YamlError(Diagnostic(shown, 0, 0, "Y100",
                                       f"cannot read file: not a regular file ({what})"))
        with open(fd, "rb", closefd=False) as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise YamlError(Diagnostic(shown, 0, 0, "Y100",
                                   f"cannot read file: {exc.strerror or exc}")) from None
    finally:
        os.close(fd)
    return raw


def load_bytes(raw: bytes, name: str, *, limits: Limits = Limits()) -> Document:
    if len(raw) > limits.max_bytes:
        raise YamlError(
            Diagnostic(name, 0, 0, "Y103", f"file is larger than {limits.max_bytes} bytes; refused")
        )
    return load_text(_decode(raw, name), name, limits=limits)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise YamlError(Diagnostic(name, 1, 1, "Y107", "invalid UTF-16 text")) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            Diagnostic(
                name, line, col, "Y107",
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        ) from None


def load_text(text: str, name: str, *, limits: Limits = Limits()) -> Document:
    if len(text) > limits.max_bytes:
        raise YamlError(
            Diagnostic(name, 0, 0, "Y103",
                       f"text is longer than {limits.max_bytes} characters; refused")
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlError(
            Diagnostic(name, line, col, "Y107", f"control character U+{ord(bad.group()):04X} "
                                                "in text; is this a binary file?")
        )
    _count_events(text, name, limits)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlError(
                Diagnostic(name, 0, 0, "Y104",
                           f"nesting is deeper than {limits.max_depth} levels; refused")
            ) from None
        except yaml.MarkedYAMLError as exc:
            if "nesting depth" in (exc.problem or ""):  # the parser's own limit, above ours
                mark = exc.problem_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                raise YamlError(Diagnostic(
                    name, line, col, "Y104",
                    f"nesting is deeper than {limits.max_depth} levels; refused")) from None
            raise YamlError(_syntax_error(exc, name)) from None
        except yaml.YAMLError as exc:
            raise YamlError(Diagnostic(name, 0, 0, "Y101", f"invalid YAML: {exc}")) from None
    finally:
        loader.dispose()
    document = Document(name, None)
    if node is None:
        document.data = None
        return document
    builder = _Builder(document, limits)
    document.data = builder.value(node, (), 0)
    return document


def _syntax_error(exc: yaml.MarkedYAMLError, name: str) -> Diagnostic:
    """A syntax error where the mistake is.

    When the parser reaches the end of the file inside something left open (a quote,
    a bracket), the end is where it gave up, not where the mistake is: the place where
    the open construct starts is. Elsewhere the parser's own position is the mistake's,
    and the construct it was reading is named with its line.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    mark, opened = exc.problem_mark, exc.context_mark
    context = (exc.context
               or "").removeprefix("while scanning ").removeprefix("while parsing ").replace(
                   "scalar", "value")
    if opened is not None and context and (mark is None or "end of stream" in problem):
        mark = opened
        problem = f"{context} that starts here is never closed (the file ends first)"
    elif opened is not None and context and mark is not None and opened.line != mark.line:
        problem = f"{problem} (in {context} that starts at line {opened.line + 1})"
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return Diagnostic(name, line, col, "Y101", f"invalid YAML: {problem}")


def _count_events(text: str, name: str, limits: Limits) -> None:
    """Refuse a document with too many values before any node of it is built.

    Building nodes costs far more memory than the text (a megabyte of ``[0,0,...]``
    would take hundreds), so the parser's events are counted first, cheaply.
    """
    if len(text) < limits.max_nodes:
        return  # every character makes at most two events: too short to reach the limit
    events = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            events += 1
            if events > 2 * limits.max_nodes:
                mark = event.start_mark
                raise YamlError(Diagnostic(name, mark.line + 1, mark.column + 1, "Y105",
                                           f"more than {limits.max_nodes} values; refused"))
    except yaml.YAMLError:
        return  # the composing pass reports syntax errors with their position
    finally:
        loader.dispose()


# A YAML timestamp with a time of day (https://yaml.org/type/timestamp.html): a space or
# "t" may stand for "T", hours may have one digit, the zone may be "-5" or follow a space.
_YAML_DATETIME = re.compile(r"(\d{4}-\d\d?-\d\d?)(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
                            r"(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?", re.ASCII)


def _iso_timestamp(text: str) -> str:
    """A YAML timestamp as ISO 8601 text, the date-time a YAML library reads it as.

    Dates and times stay text, whose meaning the schema and the engine decide; but
    ``interview: 2026-11-20 14:00:00`` is a date-time in YAML, so it is written the way
    the engine reads date-times (``2026-11-20T14:00:00``), its zone kept (none: naive).
    A date alone, or what is not a date-time, is kept as written.
    """
    match = _YAML_DATETIME.fullmatch(text)
    if match is None:
        return text
    day, hour, minute, second, fraction, zone, sign, zone_hours, zone_minutes = match.groups()
    parts = day.split("-")
    moment = f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}T{int(hour):02d}:{minute}:{second}"
    if fraction and fraction.strip("0"):
        moment += "." + fraction[:6].ljust(6, "0")
    if zone == "Z":
        moment += "+00:00"
    elif zone:
        moment += f"{sign}{int(zone_hours):02d}:{zone_minutes or '00'}"
    return moment


# C0 controls other than tab, newline and carriage return never belong in a profile.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Nor, once escapes are read ("\e", "\x1b", "\u009b", ...), in any key or value: C0 controls
# but tab and newline (YAML turns every line break into one), DEL and the C1 controls,
# which a terminal may act on when a name, a reason or a field is printed.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _base_60(text: str) -> int | float:
    """What a YAML 1.1 reader makes of a base-60 number such as ``11:30`` (690)."""
    sign = -1 if text.startswith("-") else 1
    value: int | float = 0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        value = value * 60 + (float(part) if "." in part else int(part))
    return sign * value


class _Builder:
    def __init__(self, document: Document, limits: Limits) -> None:
        self.document = document
        self.limits = limits
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, code: str, message: str) -> YamlError:
        mark = node.start_mark
        return YamlError(Diagnostic(self.document.file, mark.line + 1, mark.column + 1, code,
                                    message))

    def value(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(node, "Y105",
                            f"more than {self.limits.max_nodes} values (alias expansion?); refused")
        if depth > self.limits.max_depth:
            raise self.fail(node, "Y104",
                            f"nesting is deeper than {self.limits.max_depth} levels; refused")
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise self.fail(node, "Y105",
                                f"more than {self.limits.max_aliases} aliases; refused")
        elif isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.seen.add(id(node))
        self.document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, "Y106",
                                f"tag {node.tag!r} is not allowed; only plain YAML data")
            return [self.value(item, (*path, index), depth
                               + 1) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, "Y106",
                                f"tag {node.tag!r} is not allowed; only plain YAML data")
            return self.mapping(node, path, depth)
        raise self.fail(node, "Y106", "unsupported YAML node")  # pragma: no cover

    def mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.fail(key_node, "Y106",
                                "merge keys ('<<') are not supported; write the values out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "Y101", "a mapping key must be a plain string")
            key = self.scalar(key_node)
            if isinstance(key, bool) or key is None or isinstance(key, float):
                raise self.fail(key_node, "Y101",
                                f"key {key_node.value!r} must be a string; quote it")
            key = str(key)
            if key in result:
                first = self.document.key_positions[(*path, key)]
                raise self.fail(
                    key_node, "Y102",
                    f"duplicate key {key!r} (first defined at line {first[0]})",
                )
            self.document.key_positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                         key_node.start_mark.column + 1)
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if len(text) > self.limits.max_string:
            raise self.fail(node, "Y103",
                            f"a value is longer than {self.limits.max_string} characters; refused")
        bad = _CONTROL_IN_VALUE.search(text)
        if bad:
            raise self.fail(node, "Y107",
                            f"control character U+{ord(bad.group()):04X} in a value; refused, as "
                            "terminals act on these")
        tag = node.tag
        if tag == _TIMESTAMP:
            return _iso_timestamp(text)
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() in ("true", "yes", "on")
        if ":" in text and tag in (_INT, _FLOAT):
            raise self.fail(node, "Y109",
                            f"{text} unquoted is the number {_base_60(text)} to YAML 1.1 readers "
                            f"(PyYAML, for one); quote it: \"{text}\"")
        if tag == _INT:
            digits = text.replace("_", "")
            if len(digits.lstrip("+-")) > 20:
                raise self.fail(node, "Y108", f"number {text[:40]}... is too large")
            try:
                number = int(digits, 0)
            except ValueError:
                try:
                    number = int(digits, 8) if digits.lstrip("+-").startswith("0") else int(digits)
                except ValueError:
                    return text
            if abs(number) > _INT_BOUND:
                raise self.fail(node, "Y108", f"number {text[:40]} is too large")
            return number
        if tag == _FLOAT:
            try:
                value = (float(text.replace("_", "")) if text[-3:].lower() not in ("nan", "inf")
                         else math.nan)
            except ValueError:
                raise self.fail(node, "Y108", f"{text[:40]!r} is not a number") from None
            if not math.isfinite(value):
                raise self.fail(node, "Y108", f"{text!r} is not a finite number")
            return value
        raise self.fail(node, "Y106", f"tag {tag!r} is not allowed; only plain YAML data")
