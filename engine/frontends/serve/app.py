"""The ASGI application: routes, content negotiation, limits, and errors as problems.

Planning is the library's (:func:`engine.advise`); bodies are read as ``followup advise
--input`` reads a file (:mod:`.body`); formats come from the registry in
:mod:`engine.report.formats`.
A plan is computed in a worker thread so that the event loop keeps answering.

Nothing the server answers names a file or folder of the machine it runs on: profiles
are listed by where they come from (``bundled``, ``pack NAME``, ``folder``), and a
profile's problems name its file without its folders. Given ``allowed_hosts``, a request
whose ``Host`` header names another host is refused (400) before any route but
``/healthz`` sees it: a page elsewhere cannot read the server through a name of its own
pointed at it (DNS rebinding).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from importlib.metadata import version
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ...api import advise
from ...errors import FollowupError, ProfileError, SituationError
from ...language.catalog import Catalog
from ...language.profile_files import ENTRY_POINT_ORIGIN
from ...language.schema import SCHEMA_NAMES
from ...report.formats import PLAN_FORMATS, PlanFormat, Reading
from ...report.profile_text import profile_rows
from ...resources import schema_path
from .body import BodyError, read_body
from .negotiation import body_media_type, chosen_format
from .openapi import SENTENCES, openapi_document
from .page import Page
from .problems import SECURITY_HEADERS, problem_response, profile_problem, situation_problem

__all__ = ["BODY_MEDIA_TYPES", "LOOPBACK_HOSTS", "MAX_BODY", "create_app"]

MAX_BODY = 64 * 1024
BODY_MEDIA_TYPES = ("application/json", "application/yaml")
_SECURITY_HEADERS = SECURITY_HEADERS
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _json(data: Any) -> Response:
    body = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    return Response(body, media_type="application/json", headers=_SECURITY_HEADERS)


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused (:class:`_TooLarge`) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _public_origin(origin: str) -> str:
    """Where a profile comes from, without a path: ``bundled``, ``pack NAME`` or ``folder``."""
    if origin == "bundled":
        return origin
    if origin.startswith(ENTRY_POINT_ORIGIN):
        return "pack " + origin.removeprefix(ENTRY_POINT_ORIGIN)
    return "folder"


def host_name(value: str) -> str:
    """The host of a ``Host`` header, lower case, without its
    port or a final dot (``[::1]:8000`` is ``::1``)."""
    host = value.strip().lower()
    if host.startswith("["):
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


class _HostCheck:
    """Refuse (400, a problem) every HTTP request whose ``Host`` is not one of ``allowed`` (``*``:
    any), but ``/healthz`` (which tells nothing but that the server is up), for probes that use an
    address."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(host) for host in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "*" not in self.allowed and scope["path"] != "/healthz":
            given = next((value for key, value in scope["headers"] if key == b"host"), b"")
            host = host_name(given.decode("latin-1"))
            if host not in self.allowed:
                shown = repr(host) if host.isprintable() and len(host) <= 80 else "that host"
                response = problem_response("unknown-host",
                                            f"Host: this server does not answer for {shown}"
                                            if host else "Host: the request names no host")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _industry_names(catalog: Catalog, industries: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each industry's name in the languages its profile gives (``translations``), by id."""
    names: dict[str, dict[str, str]] = {}
    for profile_id in industries:
        found = catalog.file_of(profile_id)
        said = found.data.get("translations") if found is not None else None
        names[profile_id] = ({str(tag): str(value["name"]) for tag, value in said.items()}
                             if isinstance(said, dict) else {})
    return names


def create_app(catalog: Catalog, backend: str, *, max_body: int = MAX_BODY,
               allowed_hosts: Iterable[str] | None = None) -> ASGIApp:
    """The server's application, planning with ``catalog`` and the evaluator ``backend``.

    ``allowed_hosts``: the host names a request's ``Host`` header may give (``*``: any); None, any
    (for an application mounted in another; ``followup serve`` gives loopback names by default).
    """
    schemas = {name: schema_path(name).read_bytes() for name in SCHEMA_NAMES}
    rows = [{key: _public_origin(value) if key == "origin" else value for key, value in row.items()
             if key != "file"}
            for row in profile_rows(catalog)]
    industries = [row["id"] for row in rows if row["industry"] and row["ok"]]
    document = _json(openapi_document(version("followup-etiquette"), max_body, industries)).body
    health = {"status": "ok", "version": version("followup-etiquette"), "evaluator": backend}
    page = Page(rows, _industry_names(catalog, industries))

    def plan(situation: Any, now: str | None, fmt: PlanFormat, reading: Reading) -> Response:
        try:
            result = advise(situation, now=now, profiles=catalog, backend=backend)
        except SituationError as error:
            return situation_problem(error)
        except ProfileError as error:
            return profile_problem(error.diagnostics, str(error))
        except FollowupError as error:  # the rule engine refused a profile's rules
            return profile_problem((), str(error))
        return Response(fmt.render(result, reading), media_type=fmt.media_type,
                        headers=_SECURITY_HEADERS)

    async def advise_route(request: Request) -> Response:
        fmt = chosen_format(request.headers.get("accept", ""))
        if fmt is None:
            offered = [spec.media_type.split(";")[0] for spec in PLAN_FORMATS.values()]
            return problem_response("not-acceptable", f"Accept: one of {', '.join(offered)}",
                                    allowed=offered)
        media_type = body_media_type(request.headers.get("content-type", ""))
        if media_type not in BODY_MEDIA_TYPES:
            given = request.headers.get("content-type", "") or "none"
            return problem_response("unsupported-media-type",
                                    f"Content-Type: {given}; send one of "
                                    f"{', '.join(BODY_MEDIA_TYPES)}",
                                    allowed=list(BODY_MEDIA_TYPES))
        try:
            data = await _read_body(request, max_body)
        except _TooLarge:
            return problem_response("body-too-large",
                                    f"body: larger than {max_body} bytes; refused")
        except ClientDisconnect:  # gone before its body arrived: nobody reads an answer
            return Response(status_code=400)
        try:
            situation = read_body(data, media_type)
        except BodyError as error:
            return problem_response("malformed-json", str(error), field="")
        now = request.query_params.get("now") or None
        sentences = request.query_params.get("sentences") or "english"
        if sentences not in SENTENCES:
            return problem_response("invalid-situation", f"sentences: {sentences!r} is not one of "
                                    f"{', '.join(SENTENCES)}", field="sentences",
                                    allowed=list(SENTENCES))
        return await run_in_threadpool(plan, situation, now, fmt,
                                       Reading(translated=sentences == "plan"))

    async def profiles_route(request: Request) -> Response:
        return _json(rows)

    async def schema_route(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in schemas:
            return problem_response("not-found",
                                    f"no schema {name!r}; one of {', '.join(SCHEMA_NAMES)}",
                                    allowed=list(SCHEMA_NAMES))
        return Response(schemas[name], media_type="application/schema+json",
                        headers=_SECURITY_HEADERS)

    async def openapi_route(request: Request) -> Response:
        return Response(document, media_type="application/json", headers=_SECURITY_HEADERS)

    async def health_route(request: Request) -> Response:
        return _json(health)

    async def page_route(request: Request) -> Response:
        return Response(page.html, media_type="text/html; charset=utf-8",
                        headers={**_SECURITY_HEADERS, "Content-Security-Policy": _PAGE_POLICY})

    async def static_route(request: Request) -> Response:
        found = page.static(request.path_params["name"])
        if found is None:
            return problem_response("not-found", f"no file {request.url.path}")
        data, media_type = found
        return Response(data, media_type=media_type, headers=_SECURITY_HEADERS)

    async def favicon_route(request: Request) -> Response:
        data, media_type = page.static("favicon.svg") or (b"", "")
        return Response(data, media_type=media_type, headers=_SECURITY_HEADERS)

    async def http_problem(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            allowed = (exc.headers or {}).get("Allow", "") if isinstance(exc, HTTPException) else ""
            return problem_response("method-not-allowed",
                                    f"{request.method} {request.url.path}: not allowed",
                                    headers={"Allow": allowed} if allowed else None)
        if status == 404:
            return problem_response("not-found", f"no such resource: {request.url.path}")
        return problem_response("internal", "the server could not answer this request")

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        HTTPException: http_problem, Exception: http_problem,
    }
    app = Starlette(
        routes=[
            Route("/", page_route, methods=["GET"]),
            Route("/static/{name}", static_route, methods=["GET"]),
            Route("/favicon.ico", favicon_route, methods=["GET"]),
            Route("/v1/advise", advise_route, methods=["POST"]),
            Route("/v1/profiles", profiles_route, methods=["GET"]),
            Route("/v1/schemas/{name}", schema_route, methods=["GET"]),
            Route("/openapi.json", openapi_route, methods=["GET"]),
            Route("/healthz", health_route, methods=["GET"]),
        ],
        exception_handlers=handlers,
    )
    return app if allowed_hosts is None else _HostCheck(app, allowed_hosts)
