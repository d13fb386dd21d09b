"""The project's own upkeep: the docs' generated tables (``python -m engine.tools.profile_table``)
and the import contract (``python -m engine.tools.layers``).

A layer above the library (it plans sample interviews through :func:`engine.api.advise`
and words them with the report's tables); nothing in the library imports it.
"""
