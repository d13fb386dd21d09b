"""Renderers: plans as text or iCalendar, diagnostics as text, JSON or GitHub annotations."""
