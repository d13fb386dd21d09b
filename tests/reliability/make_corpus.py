"""Regenerates ``tests/reliability/corpus/``: small hostile and broken profile files.

Run ``python tests/reliability/make_corpus.py`` after changing it; the files are
committed (each well under 100 KB) so that a reader can open them, and so that the
binary ones stay byte-for-byte the same. Big files are made by the tests themselves.
Every file here must be refused by ``followup validate``; ``test_hostile_profiles.py``
lists the diagnostic code expected for each.

Payloads that would run code (``!!python/...`` tags) only ever ``touch`` a marker file
named ``pwned-*`` in the working directory; the tests assert that none appears.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

HEAD = "id: hostile\nname: Hostile profile\nextends: general\n"
VALID = HEAD + "rules: []\n"


def laughs(kind: str) -> str:
    lines = [HEAD, "rules: []\n"]
    if kind == "seq":
        lines.append("description: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
        for level, name in enumerate("bcdefghi"):
            previous = "abcdefghi"[level]
            lines.append(f"x{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n")
    else:
        lines.append("description: &a {k0: lol, k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol}\n")
        for level, name in enumerate("bcdefghi"):
            previous = "abcdefghi"[level]
            items = ", ".join(f"k{i}: *{previous}" for i in range(8))
            lines.append(f"x{name}: &{name} {{{items}}}\n")
    return "".join(lines)


def many_aliases() -> str:
    body = "".join(f"  alias-{i}: *small\n" for i in range(150))
    return HEAD + "rules: []\nshared: &small [1, 2]\nsettings:\n" + body


def deep_block(levels: int) -> str:
    lines = [HEAD, "rules: []\n", "settings:\n"]
    for level in range(levels):
        lines.append("  " * (level + 1) + f"level{level}:\n")
    lines.append("  " * (levels + 1) + "leaf: 1\n")
    return "".join(lines)


def deep_rule(levels: int) -> str:
    condition = "{days_after: 3}"
    for _ in range(levels):
        condition = "{not: " + condition + "}"
    return HEAD + (
        "rules:\n  - id: deep-rule\n"
        f"    when: {condition}\n"
        "    then: {prefer: 1}\n    why: A condition nested far too deep.\n    source: seed\n"
    )


def text_files() -> dict[str, str]:
    files = {
        # Alias expansion ("billion laughs") and its variants.
        "alias-bomb-seq.yaml": laughs("seq"),
        "alias-bomb-map.yaml": laughs("map"),
        "alias-many.yaml": many_aliases(),
        "alias-recursive.yaml": HEAD + "rules: &loop [*loop]\n",
        "alias-undefined.yaml": HEAD + "rules: *nowhere\n",
        "merge-key.yaml": HEAD + "base: &base {horizon_days: 10}\nsettings:\n  <<: *base\nrules: []\n",
        # Nesting: libyaml's own limit (flow), and the reader's (block, and inside a rule).
        "deep-flow-seq.yaml": HEAD + "rules: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep-flow-map.yaml": HEAD + "rules: []\nsettings: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
        "deep-block.yaml": deep_block(100),
        "deep-rule.yaml": deep_rule(80),
        # Tags that would construct Python objects, or anything but plain data.
        "python-object-apply.yaml": HEAD.replace(
            "name: Hostile profile", 'name: !!python/object/apply:os.system ["touch pwned-apply"]') + "rules: []\n",
        "python-object-new.yaml": HEAD + 'rules: !!python/object/new:subprocess.Popen [["touch", "pwned-new"]]\n',
        "python-object-mapping.yaml": HEAD + "rules: []\nsettings: !!python/object:os.system {cmd: touch pwned-object}\n",
        "python-name.yaml": HEAD + "rules: []\ndescription: !!python/name:os.system\n",
        "python-module.yaml": HEAD + "rules: []\ndescription: !!python/module:os\n",
        "python-tag-key.yaml": HEAD + 'rules: []\n? !!python/object/apply:os.system ["touch pwned-key"]\n: 1\n',
        "python-verbatim-tag.yaml": HEAD
        + 'rules: []\ndescription: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch pwned-verbatim"]\n',
        "python-tag-directive.yaml": "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n" + HEAD
        + 'rules: []\ndescription: !p!os.system ["touch pwned-directive"]\n',
        "custom-tag.yaml": HEAD + "rules: []\ndescription: !Ref other-profile\n",
        "binary-tag.yaml": HEAD + "rules: []\ndescription: !!binary aGVsbG8gd29ybGQ=\n",
        "set-tag.yaml": HEAD + "rules: []\nsettings: !!set {a, b}\n",
        "omap-tag.yaml": HEAD + "rules: []\nsettings: !!omap [a: 1, b: 2]\n",
        # Duplicate keys, however spelled.
        "duplicate-top.yaml": VALID + "id: hostile-again\n",
        "duplicate-nested.yaml": VALID + "settings:\n  horizon_days: 10\n  horizon_days: 12\n",
        "duplicate-quoted.yaml": VALID + '"id": quoted-again\n',
        "duplicate-int-and-string.yaml": VALID + "sources:\n  1: {title: One}\n  \"1\": {title: Also one}\n",
        "duplicate-flow.yaml": VALID + "settings: {horizon_days: 10, horizon_days: 11}\n",
        # Numbers JSON cannot carry.
        "huge-int.yaml": HEAD + "version: 1000000000000000000000000000000\nrules: []\n",
        "huge-int-digits.yaml": HEAD + "version: " + "9" * 5000 + "\nrules: []\n",
        "huge-hex.yaml": HEAD + "version: 0x" + "f" * 2000 + "\nrules: []\n",
        "huge-float.yaml": HEAD + "version: 1.0e+400\nrules: []\n",
        "nan.yaml": HEAD + "version: .nan\nrules: []\n",
        "inf.yaml": HEAD + "rules: []\nsettings: {horizon_days: .inf}\n",
        "negative-inf.yaml": HEAD + "rules: []\nsettings: {horizon_days: -.Inf}\n",
        # Very long values.
        "long-string.yaml": HEAD.replace("Hostile profile", "x" * 20_000) + "rules: []\n",
        "long-key.yaml": VALID + "k" * 20_000 + ": 1\n",
        # ``extends`` names an id, never a path.
        "extends-etc-passwd-relative.yaml": VALID.replace("extends: general", "extends: ../../etc/passwd"),
        "extends-etc-passwd-absolute.yaml": VALID.replace("extends: general", "extends: /etc/passwd"),
        "extends-file-url.yaml": VALID.replace("extends: general", "extends: file:///etc/passwd"),
        "extends-windows-path.yaml": VALID.replace("extends: general", 'extends: "C:\\\\Windows\\\\win.ini"'),
        "extends-home.yaml": VALID.replace("extends: general", "extends: ~/.ssh/id_rsa"),
        "extends-dotdot.yaml": VALID.replace("extends: general", 'extends: ".."'),
        "extends-nul.yaml": VALID.replace("extends: general", 'extends: "general\\0"'),
        # Ids that are not plain ASCII slugs (look-alikes could shadow a real profile).
        "id-accent.yaml": VALID.replace("id: hostile", "id: légal"),
        "id-cjk.yaml": VALID.replace("id: hostile", "id: 法律"),
        "id-cyrillic-lookalike.yaml": VALID.replace("id: hostile", "id: g\u0435neral"),
        "id-fullwidth.yaml": VALID.replace("id: hostile", "id: \uff47\uff45\uff4e\uff45\uff52\uff41\uff4c"),
        "id-zero-width.yaml": VALID.replace("id: hostile", 'id: "general\\u200b"'),
        "id-rtl-override.yaml": VALID.replace("id: hostile", 'id: "\\u202egeneral"'),
        "id-emoji.yaml": VALID.replace("id: hostile", 'id: "\u2696\ufe0f"'),
        "rule-id-unicode.yaml": HEAD + (
            "rules:\n  - id: règle\n    when: {days_after: 3}\n    then: {prefer: 1}\n"
            "    why: A rule id with an accent.\n    source: seed\n"
        ),
        # Not a profile at all.
        "empty.yaml": "",
        "only-comment.yaml": "# nothing here\n",
        "scalar.yaml": "just a string\n",
        "list.yaml": "- id: hostile\n- name: Hostile\n",
        "multi-document.yaml": VALID + "---\n" + VALID,
        "tab-indent.yaml": HEAD + "rules: []\nsettings:\n\thorizon_days: 10\n",
        "terminal-escape.yaml": HEAD + "rules: []\ndescription: \x1b[31mred\x1b[0m\n",
        # The same written as YAML escapes: only the parsed text holds the control characters.
        "escaped-terminal-escape-name.yaml": VALID.replace("name: Hostile profile",
                                                           'name: "\\e]0;pwned\\a \\e[2J"'),
        "escaped-escape-in-why.yaml": HEAD + (
            "rules:\n  - id: loud-rule\n    when: {days_after: 3}\n    then: {prefer: 1}\n"
            '    why: "Calls are fine now.\\x1b[2J\\x1b[Hnothing to see"\n    source: seed\n'
        ),
        "escaped-escape-in-source.yaml": VALID + (
            'sources:\n  seed-2: {title: "A title \\u001b]8;;https://example.com\\u0007link", note: plain}\n'
        ),
        "escaped-escape-in-key.yaml": VALID + 'settings: {"horizon\\e[2J": 10}\n',
        "escaped-c1-control.yaml": VALID.replace("name: Hostile profile", 'name: "Hostile \\x9b2J"'),
        "escaped-bell-in-id.yaml": VALID.replace("id: hostile", 'id: "hostile\\a"'),
        # A final newline that ``$`` would let through: ids and times must match whole.
        "id-trailing-newline.yaml": VALID.replace("id: hostile", 'id: "general\\n"'),
        "extends-trailing-newline.yaml": VALID.replace("extends: general", 'extends: "general\\n"'),
        "rule-id-trailing-newline.yaml": HEAD + (
            'rules:\n  - id: "late-call\\n"\n    when: {days_after: 3}\n    then: {prefer: 1}\n'
            "    why: A rule id with a final newline.\n    source: seed\n"
        ),
        "time-trailing-newline.yaml": VALID + 'settings: {business_hours: {start: "09:00\\n", end: "17:00"}}\n',
        # Digits that str.isdigit() takes: "²" (int() refuses it), "١٢" (int() reads it as 12).
        "time-superscript-digit.yaml": HEAD + (
            'rules:\n  - id: odd-hour\n    when: {time: "1²:00"}\n    then: {forbid: true}\n'
            "    why: A time of day with a superscript digit.\n    source: seed\n"
        ),
        "time-arabic-indic-digits.yaml": HEAD + (
            'rules:\n  - id: odd-hour\n    when: {time: "\u0661\u0662:\u0660\u0660"}\n    then: {forbid: true}\n'
            "    why: A time of day in Arabic-Indic digits.\n    source: seed\n"
        ),
    }
    return files


def binary_files() -> dict[str, bytes]:
    rng = random.Random(20261120)
    text = VALID.replace("Hostile profile", "Hostile profile, café")
    return {
        "junk-random.yaml": rng.randbytes(4096),
        "junk-nul.yaml": b"\x00" * 512,
        "junk-png.yaml": b"\x89PNG\r\n\x1a\n" + rng.randbytes(1024),
        "junk-gzip.yaml": gzip.compress(VALID.encode(), mtime=0),
        "latin-1.yaml": text.encode("latin-1"),
        "cp1252-quotes.yaml": (HEAD + "rules: []\ndescription: \u201cquoted\u201d\n").encode("cp1252"),
        "shift-jis.yaml": (HEAD + "rules: []\ndescription: 法律\n").encode("shift_jis"),
        "utf-16-le-no-bom.yaml": text.encode("utf-16-le"),
        "utf-16-be-no-bom.yaml": text.encode("utf-16-be"),
        "utf-16-le-no-bom-ascii.yaml": VALID.encode("utf-16-le"),
        "utf-32-le-bom.yaml": text.encode("utf-32"),
        "utf-32-be-no-bom.yaml": text.encode("utf-32-be"),
        "utf-8-overlong.yaml": HEAD.encode() + b"rules: []\ndescription: \xc0\xaf\n",
        "utf-8-surrogate.yaml": HEAD.encode() + b"rules: []\ndescription: \xed\xa0\x80\n",
    }


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, content in text_files().items():
        (CORPUS / name).write_text(content, encoding="utf-8", newline="\n")
    for name, data in binary_files().items():
        (CORPUS / name).write_bytes(data)


if __name__ == "__main__":
    main()
