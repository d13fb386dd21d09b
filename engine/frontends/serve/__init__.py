"""``followup serve``: the engine over HTTP, and a page for candidates.

An ASGI application (Starlette) answering the routes of SPEC's ``followup serve``:
``POST /v1/advise``, ``GET /v1/profiles``, ``GET /v1/schemas/{name}``,
``GET /openapi.json``, ``GET /healthz`` and the page at ``/``. It needs the ``serve``
extra (``pip install 'followup-etiquette[serve]'``); the rest of the engine does not.
"""

from __future__ import annotations

from .app import MAX_BODY, create_app

__all__ = ["MAX_BODY", "create_app"]
