"""Front-ends above :func:`engine.advise` and the renderers: the command line (later the server and
more).

Each keeps its heavy imports inside its own modules, so the core starts fast.
"""
