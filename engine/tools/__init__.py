"""The project's own upkeep: generators of the documentation's tables (``python -m engine.tools.profile_table``).

A layer above the library (it plans sample interviews through :func:`engine.api.advise`
and words them with the report's tables); nothing in the library imports it.
"""
