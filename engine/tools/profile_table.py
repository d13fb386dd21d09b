"""The generated tables of docs/profiles.md: the bundled profiles, and the rules of the roots.

Each profile's channels and first status contact are not read from its rules but
taken from :func:`engine.advise` on one fixed sample interview, so the table shows
what a user actually gets. The rules of ``core`` and ``general`` are listed as resolved,
so an author sees what a profile inherits and can override. ``python -m
engine.tools.profile_table [PATH]`` rewrites the marked sections of the authoring guide; a
test fails while either is stale.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..api import advise_any_profile
from ..language.catalog import Catalog, default_catalog
from ..language.model import Profile
from ..placeholders import PLACEHOLDERS
from ..report.profile_text import condition_text
from ..report.wording import CHANNEL_NAMES
from ..vocabulary import EFFECTS, FACTS

__all__ = [
    "COUNTRIES_END_MARKER",
    "COUNTRIES_START_MARKER",
    "EFFECTS_END_MARKER",
    "EFFECTS_START_MARKER",
    "END_MARKER",
    "FACTS_END_MARKER",
    "FACTS_START_MARKER",
    "PLACEHOLDERS_END_MARKER",
    "PLACEHOLDERS_START_MARKER",
    "RULES_END_MARKER",
    "RULES_START_MARKER",
    "SAMPLE_INTERVIEW",
    "SAMPLE_TIMEZONE",
    "SOURCES_END_MARKER",
    "SOURCES_START_MARKER",
    "START_MARKER",
    "bundled_overlays",
    "bundled_profiles",
    "first_sentence",
    "marked_section",
    "render_countries",
    "render_effects",
    "render_facts",
    "render_placeholders",
    "render_rules",
    "render_sources",
    "render_table",
    "update_docs",
]

# A Tuesday morning: no Friday, weekend or holiday rule is in play, and with `now` at
# the interview every window still lies ahead.
SAMPLE_INTERVIEW = "2026-11-17T10:00"
SAMPLE_TIMEZONE = "America/New_York"

START_MARKER = "<!-- profile-table:start -->"
END_MARKER = "<!-- profile-table:end -->"
RULES_START_MARKER = "<!-- rules-table:start -->"
RULES_END_MARKER = "<!-- rules-table:end -->"
FACTS_START_MARKER = "<!-- facts-table:start -->"
FACTS_END_MARKER = "<!-- facts-table:end -->"
EFFECTS_START_MARKER = "<!-- effects-table:start -->"
EFFECTS_END_MARKER = "<!-- effects-table:end -->"
PLACEHOLDERS_START_MARKER = "<!-- placeholders-table:start -->"
PLACEHOLDERS_END_MARKER = "<!-- placeholders-table:end -->"
SOURCES_START_MARKER = "<!-- sources-table:start -->"
SOURCES_END_MARKER = "<!-- sources-table:end -->"
COUNTRIES_START_MARKER = "<!-- countries-table:start -->"
COUNTRIES_END_MARKER = "<!-- countries-table:end -->"
# The sample interview of the countries table is at the same local time in a time zone of
# each country (its capital's); a country not listed is planned in UTC, with its country given.
SAMPLE_ZONES = {"GB": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris",
                "ES": "Europe/Madrid",
                "JP": "Asia/Tokyo", "IN": "Asia/Kolkata", "BR": "America/Sao_Paulo"}
# The profiles whose rules every bundled profile builds on.
ROOT_PROFILES = ("core", "general")

DEFAULT_DOC = Path(__file__).resolve().parents[2] / "docs" / "profiles.md"

_HEADER = (
    "| id | name | extends | evidence | horizon (days) | thank-you | status | first status contact "
    "| key differences |", "|---|---|---|---|---|---|---|---|---|",
)
# A sentence ends at . ! or ? followed by the end or by a capital letter, so that
# "e.g. a thank-you" stays inside its sentence.
_FIRST_SENTENCE = re.compile(r"\s*(.+?[.!?])(?=\s+[A-Z]|\s*$)", re.DOTALL)


def _cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def first_sentence(description: str) -> str:
    match = _FIRST_SENTENCE.match(description)
    return match.group(1) if match else description.strip()


def _step(catalog: Catalog, profile_id: str, purpose: str, traditional: bool,
          country: str | None = None) -> Mapping[str, Any]:
    situation: dict[str, Any] = {
        "interview": SAMPLE_INTERVIEW,
        "timezone": SAMPLE_TIMEZONE,
        "industry": profile_id,
        "purpose": purpose,
    }
    if country is not None:
        situation.update(timezone=SAMPLE_ZONES.get(country.partition("-")[0], "UTC"),
                         country=country)
    if traditional:
        situation["traditional"] = True
    plan = advise_any_profile(situation, now=SAMPLE_INTERVIEW, profiles=catalog).to_dict()
    step: Mapping[str, Any] = plan["steps"][0]
    return step


def _channel(step: Mapping[str, Any]) -> str:
    return CHANNEL_NAMES[str(step["action"])]


def _first_contact(step: Mapping[str, Any]) -> str:
    window = step["window"]
    if not window:
        return "—"
    opens = date.fromisoformat(str(window["earliest"])[:10])
    return str((opens - date.fromisoformat(SAMPLE_INTERVIEW[:10])).days)


def _with_traditional(plain: str, traditional: str) -> str:
    return plain if plain == traditional else f"{plain} (traditional: {traditional})"


def _row(catalog: Catalog, profile: Profile) -> str:
    thanks = [_step(catalog, profile.id, "thank_you", flag) for flag in (False, True)]
    status = [_step(catalog, profile.id, "status", flag) for flag in (False, True)]
    cells = [
        f"`{profile.id}`",
        profile.name,
        f"`{profile.chain[1]}`" if len(profile.chain) > 1 else "—",
        profile.evidence,
        str(profile.settings.horizon_days),
        _with_traditional(_channel(thanks[0]), _channel(thanks[1])),
        _with_traditional(_channel(status[0]), _channel(status[1])),
        _with_traditional(_first_contact(status[0]), _first_contact(status[1])),
        first_sentence(profile.description) if profile.description.strip() else "—",
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def bundled_profiles(catalog: Catalog) -> list[Profile]:
    """The catalog's bundled profiles but the country overlays, the root first, then parents
    before children, then by id."""
    found = [catalog.resolve(profile_id) for profile_id in catalog.ids
             if profile_id not in catalog.overlays]
    bundled = [profile for profile in found if profile.origin == "bundled"]
    return sorted(bundled, key=lambda profile: (len(profile.chain), profile.id))


def bundled_overlays(catalog: Catalog) -> list[Profile]:
    """The catalog's bundled country overlays, by country."""
    found = [catalog.resolve(profile_id) for profile_id in catalog.overlays]
    bundled = [profile for profile in found if profile.origin == "bundled"]
    return sorted(bundled, key=lambda profile: (catalog.overlays[profile.id], profile.id))


_COUNTRIES_HEADER = (
    "| country | id | extends | evidence | horizon (days) | thank-you | thank-you until (days) | "
    "status | first status contact | key differences |",
    "|---|---|---|---|---|---|---|---|---|---|",
)


def _last_day(step: Mapping[str, Any]) -> str:
    window = step["window"]
    if not window:
        return "—"
    closes = date.fromisoformat(str(window["latest"])[:10])
    return str((closes - date.fromisoformat(SAMPLE_INTERVIEW[:10])).days)


def _country_row(catalog: Catalog, profile: Profile) -> str:
    country = catalog.overlays[profile.id]
    parent = profile.chain[1]
    thanks = _step(catalog, parent, "thank_you", False, country)
    status = _step(catalog, parent, "status", False, country)
    cells = [
        country,
        f"`{profile.id}`",
        f"`{parent}`",
        profile.evidence,
        str(profile.settings.horizon_days),
        _channel(thanks),
        _last_day(thanks),
        _channel(status),
        _first_contact(status),
        first_sentence(profile.description) if profile.description.strip() else "—",
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def render_countries(catalog: Catalog) -> str:
    """A Markdown table of every bundled country overlay, ending with a newline. Deterministic."""
    lines = [*_COUNTRIES_HEADER,
             *(_country_row(catalog, profile) for profile in bundled_overlays(catalog))]
    return "\n".join(lines) + "\n"


def render_table(catalog: Catalog) -> str:
    """A Markdown table of every bundled profile, ending with a newline. Deterministic."""
    lines = [*_HEADER, *(_row(catalog, profile) for profile in bundled_profiles(catalog))]
    return "\n".join(lines) + "\n"


def render_rules(catalog: Catalog, profile_ids: Sequence[str] = ROOT_PROFILES) -> str:
    """Markdown tables of the rules each of ``profile_ids`` defines, ending with a newline."""
    lines: list[str] = []
    for profile_id in profile_ids:
        profile = catalog.resolve(profile_id)
        own = [rule for rule in profile.rules if rule.profile == profile_id]
        if lines:
            lines.append("")
        lines += [f"**`{profile_id}`** ({len(own)} "
                  f"rules{', all invariants' if all(r.invariant for r in own) else ''})",
                  "", "| rule | when | effect | why | sources |", "|---|---|---|---|---|"]
        for rule in sorted(own, key=lambda r: (EFFECTS[r.effect].rank, r.id)):
            effect = rule.effect_text() + (f", priority {rule.priority}" if rule.priority else "")
            cells = [f"`{rule.id}`", f"`{condition_text(rule.when)}`" if rule.when is not None
                     else "always", effect, rule.why, ", ".join(rule.sources)]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def render_facts() -> str:
    """The facts a condition can test, from the vocabulary."""
    lines = ["| fact | kind | scope | meaning |", "|---|---|---|---|"]
    for spec in FACTS.values():
        kind = spec.kind + (f": {', '.join(f'`{choice}`' for choice in spec.choices)}" if spec.kind
                            == "enum" else "")
        lines.append(f"| `{spec.name}` | {kind} | {spec.scope} | {_cell(spec.description)} |")
    return "\n".join(lines) + "\n"


def _effect_value(schema: Mapping[str, Any]) -> tuple[str, str]:
    """How an effect's value is written, and the range of a number."""
    if "const" in schema:
        return json.dumps(schema["const"]), ""
    if "enum" in schema:
        return " \\| ".join(str(value) for value in schema["enum"]), ""
    return "N", f"; `N` is from {schema['minimum']} to {schema['maximum']}."


def render_effects() -> str:
    """The effects a rule can have, from the vocabulary, in the order a step lists its reasons."""
    lines = ["| effect | scope | meaning |", "|---|---|---|"]
    for spec in sorted(EFFECTS.values(), key=lambda spec: spec.rank):
        value, bounds = _effect_value(spec.schema)
        meaning = spec.description.removesuffix(".") + bounds if bounds else spec.description
        lines.append(f"| `{spec.name}: {value}` | {spec.scope} | {_cell(meaning)} |")
    return "\n".join(lines) + "\n"


def render_placeholders() -> str:
    """The placeholders a draft may use, from the vocabulary."""
    lines = ["| placeholder | what it becomes |", "|---|---|"]
    lines += [f"| `{{{name}}}` | {_cell(meaning)} |" for name, meaning in PLACEHOLDERS.items()]
    return "\n".join(lines) + "\n"


def render_sources(catalog: Catalog) -> str:
    """Every source each bundled profile defines in its own file, with its link and note."""
    lines = ["| profile | source id | source | note |", "|---|---|---|---|"]
    for profile in [*bundled_profiles(catalog), *bundled_overlays(catalog)]:
        layer = catalog.file_of(profile.id)
        own = layer.data.get("sources", {}) if layer is not None else {}
        for key, source in own.items():
            title = _cell(str(source["title"]))
            shown = f"[{title}]({source['url']})" if source.get("url") else f"{title} (no address)"
            lines.append(f"| `{profile.id}` | `{key}` | {shown} | "
                         f"{_cell(str(source.get('note', '')))} |")
    return "\n".join(lines) + "\n"


def _section_bounds(text: str, start_marker: str = START_MARKER,
                    end_marker: str = END_MARKER) -> tuple[int, int]:
    start = text.find(start_marker)
    end = text.find(end_marker)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"the document needs the markers {start_marker} and {end_marker}, in that "
                         "order")
    return start + len(start_marker), end


def marked_section(text: str, start_marker: str = START_MARKER,
                   end_marker: str = END_MARKER) -> str:
    """What lies between the markers, without the newlines that frame it."""
    start, end = _section_bounds(text, start_marker, end_marker)
    return text[start:end].strip("\n") + "\n"


def _replace(text: str, content: str, start_marker: str, end_marker: str) -> str:
    start, end = _section_bounds(text, start_marker, end_marker)
    return f"{text[:start]}\n{content}{text[end:]}"


def update_docs(path: str | Path = DEFAULT_DOC, catalog: Catalog | None = None) -> bool:
    """Rewrite the marked sections of ``path`` (the rules
    table where it has its markers); True if changed."""
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    catalog = catalog if catalog is not None else default_catalog()
    updated = _replace(text, render_table(catalog), START_MARKER, END_MARKER)
    if RULES_START_MARKER in updated:
        updated = _replace(updated, render_rules(catalog), RULES_START_MARKER, RULES_END_MARKER)
    if FACTS_START_MARKER in updated:
        updated = _replace(updated, render_facts(), FACTS_START_MARKER, FACTS_END_MARKER)
    if EFFECTS_START_MARKER in updated:
        updated = _replace(updated, render_effects(), EFFECTS_START_MARKER, EFFECTS_END_MARKER)
    if COUNTRIES_START_MARKER in updated:
        updated = _replace(updated, render_countries(catalog), COUNTRIES_START_MARKER,
                           COUNTRIES_END_MARKER)
    if PLACEHOLDERS_START_MARKER in updated:
        updated = _replace(updated, render_placeholders(), PLACEHOLDERS_START_MARKER,
                           PLACEHOLDERS_END_MARKER)
    if SOURCES_START_MARKER in updated:
        updated = _replace(updated, render_sources(catalog), SOURCES_START_MARKER,
                           SOURCES_END_MARKER)
    if updated == text:
        return False
    target.write_text(updated, encoding="utf-8")
    return True


def main(argv: Sequence[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_DOC
    try:
        changed = update_docs(path)
    except (OSError, ValueError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    print(f"{path}: {'updated' if changed else 'up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
