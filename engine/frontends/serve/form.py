"""The page's form, written from the situation's fields: a fieldset per section, a control per field.

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


def _help(field: SituationField) -> tuple[str, str]:
    """The ``aria-describedby`` attribute and the help paragraph of a field, when it has help."""
    assert field.page is not None
    if not field.page.help:
        return "", ""
    return (f' aria-describedby="{field.name}-help"',
            f'\n  <p class="help" id="{field.name}-help">{escape(field.page.help, quote=False)}</p>')


def _control(field: SituationField) -> str:
    """The field's label and control, inside its ``div``."""
    page = field.page
    assert page is not None
    name, label = field.name, escape(page.label, quote=False)
    described, help_text = _help(field)
    head = f'<div class="field">\n  <label for="{name}">{label}</label>\n  '
    if page.control == "interview":
        return ('<div class="pair">\n<div class="field">\n  <label for="interview-date">'
                f'{label}</label>\n  <input id="interview-date" name="interview-date" type="date" required>\n</div>\n'
                '<div class="field">\n  <label for="interview-time">Start time</label>\n'
                '  <input id="interview-time" name="interview-time" type="time" value="10:00" required>\n</div>\n'
                '</div>')
    if page.control in ("zone", "country"):
        listed = "zones" if page.control == "zone" else "countries"
        required = " required" if page.control == "zone" else ""
        return (f'{head}<input id="{name}" name="{name}" list="{listed}" autocomplete="off" spellcheck="false"'
                f'{required}{described} placeholder="{escape(page.placeholder)}">{help_text}\n</div>')
    if page.control == "industry":
        return f'{head}<select id="{name}" name="{name}">\n<!-- industries -->\n  </select>\n</div>'
    if page.control == "purpose":
        return (f'{head}<select id="{name}" name="{name}">\n  <option value="">The whole follow-up, step by step'
                '</option>\n<!-- purposes -->\n  </select>\n</div>')
    if page.control == "date":
        return f'{head}<input id="{name}" name="{name}" type="date"{described}>{help_text}\n</div>'
    if page.control == "check":
        return (f'<div class="check">\n  <input id="{name}" name="{name}" type="checkbox">\n'
                f'  <label for="{name}">{label}</label>\n</div>')
    return (f'{head}<input id="{name}" name="{name}" autocomplete="{escape(page.autocomplete)}" '
            f'maxlength="{TEXT_LIMIT}"{described}>{help_text}\n</div>')


def form_html() -> str:
    """The fieldsets of the form, with markers for the choice lists."""
    parts: list[str] = []
    for section, in_section in groupby(page_fields(), key=lambda field: field.page.section if field.page else 0):
        parts.append(f"<fieldset>\n<legend>{escape(PAGE_SECTIONS[section], quote=False)}</legend>")
        for _, in_row in groupby(in_section, key=lambda field: field.page.row if field.page else 0):
            row = [_control(field) for field in in_row]
            parts.append("\n".join(row) if len(row) == 1 else '<div class="pair">\n' + "\n".join(row) + "\n</div>")
        parts.append("</fieldset>")
    return "\n".join(parts)


def form_description() -> list[dict[str, Any]]:
    """The fields the page's script reads from the form, in order: their names and controls."""
    return [{"name": field.name, "control": field.page.control} for field in page_fields() if field.page]
