"""``followup serve``: the HTTP API and the page, served by uvicorn.

The profile folders and the evaluator are chosen as for every other command (``--profiles``,
$FOLLOWUP_PROFILES_PATH, $FOLLOWUP_BACKEND) before the server starts, so a bad folder or
evaluator stops it with one line and exit 2. With ``--workers N`` each worker process
builds the application again (:func:`worker_app`) from the choices passed down in
$FOLLOWUP_SERVE_PROFILES and $FOLLOWUP_SERVE_BACKEND.
"""

from __future__ import annotations

import json
import os
from typing import Any

import click

from .common import choose_backend, exits, fail, open_catalog, profile_folders, profiles_option

__all__ = ["serve_command", "worker_app"]

ENV_SERVE_PROFILES = "FOLLOWUP_SERVE_PROFILES"
ENV_SERVE_BACKEND = "FOLLOWUP_SERVE_BACKEND"
_MISSING = "the server needs the serve extra: pip install 'followup-etiquette[serve]'"


def worker_app() -> Any:
    """The application of one worker process of ``followup serve --workers N``."""
    from ..serve import create_app  # the serve extra, present: serve_command checked

    dirs = json.loads(os.environ.get(ENV_SERVE_PROFILES, "[]"))
    return create_app(open_catalog(dirs), os.environ.get(ENV_SERVE_BACKEND) or choose_backend())


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each plans on one core).")
@profiles_option
@exits
def serve_command(host: str, port: int, workers: int, profile_dirs: tuple[str, ...]) -> int:
    """Serve the HTTP API (POST /v1/advise, /openapi.json, ...) and the page at /."""
    try:
        import uvicorn

        from ..serve import create_app
    except ImportError:
        fail(_MISSING)
    backend = choose_backend()
    dirs = profile_folders(profile_dirs)
    catalog = open_catalog(dirs)
    click.echo(f"followup: serving on http://{host}:{port}/ (the page), http://{host}:{port}/openapi.json (the API)",
               err=True)
    if workers == 1:
        uvicorn.run(create_app(catalog, backend), host=host, port=port, log_level="warning")
        return 0
    os.environ[ENV_SERVE_PROFILES] = json.dumps(dirs)
    os.environ[ENV_SERVE_BACKEND] = backend
    uvicorn.run(f"{__name__}:worker_app", factory=True, host=host, port=port, workers=workers, log_level="warning")
    return 0
