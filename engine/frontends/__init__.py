"""Front-ends above :func:`engine.advise` and the renderers: the command line and the server.

Each keeps its heavy imports inside its own modules, so the core starts fast.
"""
