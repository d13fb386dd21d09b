"""``followup serve``: the HTTP API and the page, served by uvicorn.

The profile folders and the evaluator are chosen as for every other command (``--profiles``,
$FOLLOWUP_PROFILES_PATH, $FOLLOWUP_BACKEND) before the server starts, so a bad folder or
evaluator stops it with one line and exit 2. With ``--workers N`` each worker process
builds the application again (:func:`worker_app`) from the choices passed down in
$FOLLOWUP_SERVE_PROFILES, $FOLLOWUP_SERVE_BACKEND and $FOLLOWUP_SERVE_ALLOWED_HOSTS.

Limits against clients that hold connections: a request must arrive whole within
``--request-timeout`` seconds (:mod:`engine.frontends.serve.protocol`), an idle
kept-alive connection is closed after 5 seconds, and beyond ``--limit-concurrency``
connections or requests at once, uvicorn answers 503 at once.
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
ENV_SERVE_HOSTS = "FOLLOWUP_SERVE_ALLOWED_HOSTS"
KEEP_ALIVE = 5  # seconds an idle connection stays open after an answer
_MISSING = "the server needs the serve extra: pip install 'followup-etiquette[serve]'"


def worker_app() -> Any:
    """The application of one worker process of ``followup serve --workers N``."""
    from ..serve import create_app  # the serve extra, present: serve_command checked

    dirs = json.loads(os.environ.get(ENV_SERVE_PROFILES, "[]"))
    hosts = json.loads(os.environ.get(ENV_SERVE_HOSTS, "null"))
    return create_app(open_catalog(dirs), os.environ.get(ENV_SERVE_BACKEND) or choose_backend(),
                      allowed_hosts=hosts)


def _hosts(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    hosts = [host.strip() for host in value.split(",") if host.strip()]
    if not hosts:
        raise click.BadParameter("give host names separated by commas, e.g. "
                                 "localhost,followup.example.com", ctx, param)
    return hosts


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each plans on one core).")
@click.option("--allowed-hosts", "allowed_hosts", default="localhost,127.0.0.1,::1",
              show_default=True, metavar="NAMES", callback=_hosts,
              help="Host names requests may be addressed to (their Host header), separated by "
                   "commas; '*' for any. Behind a proxy: the public name(s) the proxy passes on.")
@click.option("--request-timeout", default=10.0, show_default=True,
              type=click.FloatRange(0.1, 3600),
              metavar="SECONDS",
              help="Close a connection whose request has not arrived whole in this time.")
@click.option("--limit-concurrency", default=256, show_default=True,
              type=click.IntRange(1, 100_000), metavar="N",
              help="Answer 503 beyond this many connections or requests at once (per worker).")
@profiles_option
@exits
def serve_command(host: str, port: int, workers: int, allowed_hosts: list[str],
                  request_timeout: float,
                  limit_concurrency: int, profile_dirs: tuple[str, ...]) -> int:
    """Serve the HTTP API (POST /v1/advise, /openapi.json, ...) and the page at /."""
    try:
        import uvicorn

        from ..serve import create_app
        from ..serve.protocol import ENV_REQUEST_TIMEOUT, GuardedH11Protocol
    except ImportError:
        fail(_MISSING)
    backend = choose_backend()
    dirs = profile_folders(profile_dirs)
    catalog = open_catalog(dirs)
    click.echo(f"followup: serving on http://{host}:{port}/ (the page), "
               f"http://{host}:{port}/openapi.json (the API)", err=True)
    os.environ[ENV_REQUEST_TIMEOUT] = str(request_timeout)  # read by each connection's protocol
    limits: dict[str, Any] = {"http": GuardedH11Protocol, "timeout_keep_alive": KEEP_ALIVE,
                              "limit_concurrency": limit_concurrency, "log_level": "warning"}
    if workers == 1:
        uvicorn.run(create_app(catalog, backend, allowed_hosts=allowed_hosts), host=host, port=port,
                    **limits)
        return 0
    os.environ[ENV_SERVE_PROFILES] = json.dumps(dirs)
    os.environ[ENV_SERVE_BACKEND] = backend
    os.environ[ENV_SERVE_HOSTS] = json.dumps(allowed_hosts)
    uvicorn.run(f"{__name__}:worker_app", factory=True, host=host, port=port, workers=workers,
                **limits)
    return 0
