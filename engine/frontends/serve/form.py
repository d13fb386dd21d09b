"""The page's form from the situation's fields: a fieldset per section, a control per field.

Each field the table of :mod:`engine.situation_fields` places on the page gets its label
and control here, in the order of its section, row and column (which is the keyboard's
order); two fields on a row sit side by side. The choice lists (industries, purposes) are
left as markers that :class:`.page.Page` fills. ``form_description`` tells the page's script
which fields to read and how.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Any

from ...situation_fields import PAGE_SECTIONS, TEXT_LIMIT, SituationField, page_fields

__all__ = ["form_description", "form_html"]

# The key of each label in the page's words (engine/frontends/serve/words.py), by field where
# it is not the field's own name; a field's help is its key with ``_help``. The page's script
# writes each in the page's language.
WORDS = {"interview": "date", "promised_reply_by": "promised", "competing_offer_deadline": "offer"}
SECTION_WORDS = ("interview", "known", "names")


def _key(field: SituationField) -> str:
    return WORDS.get(field.name, field.name)


def _help(field: SituationField) -> tuple[str, str]:
    """The ``aria-describedby`` attribute and the help paragraph of a field, when it has help."""
    assert field.page is not None
    if not field.page.help:
        return "", ""
    return (f' aria-describedby="{field.name}-help"',
            f'\n  <p class="help" id="{field.name}-help" data-words="{_key(field)}_help">'
            f'{escape(field.page.help, quote=False)}</p>')


def _control(field: SituationField) -> str:
    """The field's label and control, inside its ``div``."""
    page = field.page
    assert page is not None
    name, label = field.name, escape(page.label, quote=False)
    described, help_text = _help(field)
    words = f' data-words="{_key(field)}"'
    head = f'<div class="field">\n  <label for="{name}"{words}>{label}</label>\n  '
    if page.control == "interview":
        return (f'<div class="pair">\n<div class="field">\n  <label for="interview-date"{words}>'
                f'{label}</label>\n  <input id="interview-date" name="interview-date" type="date" '
                'required>\n</div>\n<div class="field">\n  <label for="interview-time" '
                'data-words="start">Start time</label>\n  <input id="interview-time" '
                'name="interview-time" type="time" value="10:00" required>\n</div>\n</div>')
    if page.control in ("zone", "country"):
        listed = "zones" if page.control == "zone" else "countries"
        required = " required" if page.control == "zone" else ""
        return (f'{head}<input id="{name}" name="{name}" list="{listed}" autocomplete="off" '
                'spellcheck="false"'
                f'{required}{described} '
                f'placeholder="{escape(page.placeholder)}">{help_text}\n</div>')
    if page.control == "industry":
        return f'{head}<select id="{name}" name="{name}">\n<!-- industries -->\n  </select>\n</div>'
    if page.control == "language":
        return (f'{head}<select id="{name}" name="{name}"{described}>\n  <option value="" '
                'data-words="language_default">The employer\'s country\'s language</option>\n'
                f'<!-- languages -->\n  </select>{help_text}\n</div>')
    if page.control == "purpose":
        return (f'{head}<select id="{name}" name="{name}">\n  <option value="" '
                'data-words="whole">The whole follow-up, step by step</option>\n<!-- purposes '
                '-->\n  </select>\n</div>')
    if page.control == "date":
        return f'{head}<input id="{name}" name="{name}" type="date"{described}>{help_text}\n</div>'
    if page.control == "check":
        return (f'<div class="check">\n  <input id="{name}" name="{name}" type="checkbox">\n'
                f'  <label for="{name}"{words}>{label}</label>\n</div>')
    return (f'{head}<input id="{name}" name="{name}" autocomplete="{escape(page.autocomplete)}" '
            f'maxlength="{TEXT_LIMIT}"{described}>{help_text}\n</div>')


def form_html() -> str:
    """The fieldsets of the form, with markers for the choice lists."""
    parts: list[str] = []
    for section, in_section in groupby(page_fields(), key=lambda field: field.page.section
                                       if field.page else 0):
        parts.append(f'<fieldset>\n<legend data-words="{SECTION_WORDS[section]}">'
                     f"{escape(PAGE_SECTIONS[section], quote=False)}</legend>")
        for _, in_row in groupby(in_section, key=lambda field: field.page.row if field.page else 0):
            row = [_control(field) for field in in_row]
            parts.append("\n".join(row) if len(row) == 1 else '<div class="pair">\n'
                         + "\n".join(row) + "\n</div>")
        parts.append("</fieldset>")
    return "\n".join(parts)


def form_description() -> list[dict[str, Any]]:
    """The fields the page's script reads from the form, in order: their names and controls."""
    return [{"name": field.name, "control": field.page.control} for field in page_fields()
            if field.page]
