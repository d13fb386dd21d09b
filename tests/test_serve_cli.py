"""``followup serve`` as a real process on a local port: its routes, its options, and a burst of bad requests."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT
from serve_live import live_server

from engine.frontends.cli import main

SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US"}
NOW = "2026-11-21T10:00"


def post(url: str, data: bytes, content_type: str = "application/json", accept: str = "application/json"
         ) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def cli_plan(fmt: str) -> bytes:
    args = ["advise", "--interview", SITUATION["interview"], "--timezone", SITUATION["timezone"], "--industry",
            "legal", "--country", "US", "--now", NOW, "--format", fmt]
    return CliRunner().invoke(main, args).stdout_bytes


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_server_plans_as_the_cli_does(workers: str) -> None:
    with live_server("--workers", workers) as url:
        for fmt, accept in (("json", "application/json"), ("ics", "text/calendar")):
            status, media_type, body = post(f"{url}/v1/advise?now={NOW}", json.dumps(SITUATION).encode(),
                                            accept=accept)
            assert (status, media_type.split(";")[0]) == (200, accept)
            assert body == cli_plan(fmt)
        with urllib.request.urlopen(url + "/") as page:
            assert b"<form" in page.read()


def test_bad_options_stop_it_with_one_line() -> None:
    def serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "engine", "serve", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env})

    missing = serve("--profiles", "no/such/folder")
    assert (missing.returncode, missing.stderr) == (2, "followup: error: --profiles: no such file or directory: "
                                                       "no/such/folder\n")
    bogus = serve(FOLLOWUP_BACKEND="bogus")
    assert bogus.returncode == 2
    assert bogus.stderr.startswith("followup: error: FOLLOWUP_BACKEND: unknown evaluator 'bogus'")
    assert serve("--port", "70000").returncode == 2


def test_without_the_serve_extra_it_says_what_to_install() -> None:
    script = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None; "  # as if not installed
              "from engine.frontends.cli import main; main(['serve'])")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        2, "followup: error: the server needs the serve extra: pip install 'followup-etiquette[serve]'\n")


def _raw(url: str, payload: bytes) -> bytes:
    """Send bytes that need not be HTTP at all; return what came back (maybe nothing)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(payload)
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


MALFORMED: list[Any] = [
    ("json", b"{"), ("json", b"[" * 20000), ("json", b"\xff\xfe\x00"), ("json", b'{"interview": 1e999}'),
    ("json", b"x" * 70000), ("text/plain", b"{}"), ("json", b'"just a string"'), ("json", b"{}"),
    ("raw", b"GARBAGE\r\n\r\n"), ("raw", b"POST /v1/advise HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
                                     b"Content-Type: application/json\r\n\r\n{"),
    ("raw", b"POST /v1/advise HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/json\r\n\r\nZZ\r\n"),
]


def test_a_burst_of_malformed_requests_leaves_it_up_and_correct() -> None:
    with live_server() as url:
        def send(index: int) -> int | None:
            kind, payload = MALFORMED[index % len(MALFORMED)]
            if kind == "raw":
                _raw(url, payload)
                return None
            content_type = "application/json" if kind == "json" else kind
            return post(url + "/v1/advise", payload, content_type)[0]

        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(send, range(330)))
        assert {status for status in statuses if status is not None} == {400, 413, 415, 422}
        status, _, body = post(f"{url}/v1/advise?now={NOW}", json.dumps(SITUATION).encode())
        assert (status, body) == (200, cli_plan("json"))
