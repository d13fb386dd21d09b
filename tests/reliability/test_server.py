"""``followup serve`` against clients that hold connections, hostile hosts, and odd bodies: a real server on 127.0.0.1.

A request must arrive whole within ``--request-timeout`` seconds (half a header, a body
shorter than its Content-Length, a header sent a byte at a time: the connection is closed),
connections beyond ``--limit-concurrency`` get 503 at once, a Host header naming another
host is refused, and nothing answered names a path of the server's machine.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from serve_live import live_server

from .support import record

ROOT = Path(__file__).resolve().parents[2]
SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York"}
NOW = "2026-11-21T10:00"
TIMEOUT = 2.0  # --request-timeout of the server under test


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("secret-folder") / "profiles"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "broken" / "r301-unknown-fact.yaml", folder / "broken.yaml")
    it = (ROOT / "profiles" / "it.yaml").read_text(encoding="utf-8")
    (folder / "own.yaml").write_text(it.replace("\nid: it\n", "\nid: it-own\n", 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(profiles: Path) -> Iterator[str]:
    with live_server("--profiles", str(profiles)) as url:
        yield url


@pytest.fixture(scope="module")
def impatient() -> Iterator[str]:
    """A server that gives a request 2 s to arrive."""
    with live_server("--request-timeout", str(TIMEOUT)) as url:
        yield url


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def request(url: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
            ) -> tuple[int, dict[str, str], bytes]:
    sent = urllib.request.Request(url + path, data=data, method="POST" if data is not None else "GET",
                                  headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(sent, timeout=30) as response:
            return response.status, {key.lower(): value for key, value in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {key.lower(): value for key, value in error.headers.items()}, error.read()


def _closed_after(connection: socket.socket, limit: float) -> float | None:
    """Seconds until the server closes ``connection`` (reading whatever it sends), None if it stays open ``limit`` s."""
    start = time.monotonic()
    connection.settimeout(0.2)
    while time.monotonic() - start < limit:
        try:
            if connection.recv(65536) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


@pytest.mark.parametrize("sent", [
    b"POST /v1/advise HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty",  # half its headers
    b"POST /v1/advise HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    b'{"interview": "2026-11-20T14:00",',  # a body shorter than it says
    b"",  # nothing at all
], ids=["half-headers", "short-body", "silent"])
def test_an_unfinished_request_is_closed_within_seconds(impatient: str, sent: bytes) -> None:
    with socket.create_connection(_address(impatient), timeout=10) as connection:
        connection.sendall(sent)
        seconds = _closed_after(connection, 30)
    assert seconds is not None and seconds < TIMEOUT + 3, seconds


def test_a_header_sent_a_byte_at_a_time_does_not_buy_time(impatient: str) -> None:
    start = time.monotonic()
    closed = False
    with socket.create_connection(_address(impatient), timeout=10) as connection:
        for byte in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200:
            try:
                connection.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if _closed_after(connection, 0.3) is not None:
                closed = True
                break
            if time.monotonic() - start > 20:
                break
    assert closed and time.monotonic() - start < TIMEOUT + 3


def test_many_unfinished_requests_are_all_closed_and_the_server_answers_again(impatient: str) -> None:
    connections = [socket.create_connection(_address(impatient), timeout=10) for _ in range(300)]
    try:
        for connection in connections:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(TIMEOUT + 1)
        still_open = [connection for connection in connections if _closed_after(connection, 0.05) is None]
    finally:
        for connection in connections:
            connection.close()
    assert still_open == []
    assert request(impatient, "/healthz")[0] == 200


def test_a_kept_alive_connection_that_idles_is_closed(impatient: str) -> None:
    with socket.create_connection(_address(impatient), timeout=10) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.3)
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        seconds = _closed_after(connection, 30)
    record("serve: an idle kept-alive connection closed after", f"{seconds:.1f} s")
    assert seconds is not None and seconds < 8


def test_connections_beyond_the_limit_get_503_at_once() -> None:
    with live_server("--limit-concurrency", "20", "--request-timeout", "60") as url:
        held = [socket.create_connection(_address(url), timeout=10) for _ in range(25)]
        try:
            for connection in held:
                connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            time.sleep(0.5)
            start = time.monotonic()
            status = request(url, "/healthz")[0]
            assert status == 503 and time.monotonic() - start < 5
        finally:
            for connection in held:
                connection.close()
        time.sleep(0.5)
        assert request(url, "/healthz")[0] == 200


def _problem(response: tuple[int, dict[str, str], bytes], status: int) -> dict[str, Any]:
    code, headers, body = response
    assert code == status, body
    assert headers["content-type"] == "application/problem+json"
    assert headers["x-content-type-options"] == "nosniff"
    data: dict[str, Any] = json.loads(body)
    return data


def test_the_profiles_and_their_problems_name_no_path(server: str, profiles: Path) -> None:
    status, _, listed = request(server, "/v1/profiles")
    assert status == 200
    rows = json.loads(listed)
    assert str(profiles) not in listed.decode() and "secret-folder" not in listed.decode()
    assert {row["id"]: row["origin"] for row in rows}["it-own"] == "folder"
    assert {row["origin"] for row in rows} == {"bundled", "folder"}
    body = _problem(request(server, f"/v1/advise?now={NOW}",
                            json.dumps({**SITUATION, "industry": "broken-r301"}).encode()), 422)
    assert "secret-folder" not in json.dumps(body)
    assert [error["file"] for error in body["errors"]] == ["broken.yaml"]
    assert body["detail"].startswith("broken.yaml:")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example:80"])
def test_a_host_it_does_not_serve_is_refused(server: str, host: str) -> None:
    port = _address(server)[1]
    body = _problem(request(server, "/v1/profiles", headers={"Host": host}), 400)
    assert body["type"].endswith("/unknown-host") and "evil" not in body["title"]
    assert request(server, "/v1/profiles", headers={"Host": f"localhost:{port}"})[0] == 200
    assert request(server, "/healthz", headers={"Host": f"[::1]:{port}"})[0] == 200


def test_allowed_hosts_names_the_hosts_a_proxy_passes_on() -> None:
    with live_server("--allowed-hosts", "followup.example.com") as url:
        assert request(url, "/v1/profiles", headers={"Host": "followup.example.com"})[0] == 200
        assert request(url, "/v1/profiles")[0] == 400  # 127.0.0.1 is not among them now
        assert request(url, "/healthz")[0] == 200  # for probes, by any name


def test_a_ref_too_large_for_yaml_is_422_naming_ref(server: str) -> None:
    data = b'{"interview": "2026-11-20T14:00", "timezone": "America/New_York", "ref": 1152921504606846976}'
    body = _problem(request(server, "/v1/advise", data), 422)
    assert body["field"] == "ref"
    assert body["detail"] == 'ref: expected text, got 1152921504606846976 (write it as a string: "1152921504606846976")'
    assert _problem(request(server, "/v1/advise", b'{"ref": NaN, "interview": 1e999}'), 422)["field"] == "interview"
    assert _problem(request(server, "/v1/advise", b'{"x": 1' + b"0" * 5000 + b"}"), 400)["detail"].startswith("body:1:")


def _server_with_descriptors(limit: int, *args: str) -> AbstractContextManager[str]:
    """``followup serve`` allowed ``limit`` open files (as a default ``ulimit -n`` of 1024 would)."""
    return live_server(*args, wrapper=("prlimit", f"--nofile={limit}:{limit}"))


def request_or_none(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux) to lower the server's limit")
def test_more_unfinished_requests_than_descriptors_lock_no_one_out_for_long() -> None:
    """1,100 connections sending half a request, held open, against a server allowed 1,024 files: it
    answers a fresh request again within a few deadlines (uvicorn alone: never, while they are held)."""
    with _server_with_descriptors(1024, "--request-timeout", str(TIMEOUT)) as url:
        held = []
        try:
            for _ in range(1100):
                connection = socket.create_connection(_address(url), timeout=10)
                held.append(connection)
                connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            start = time.monotonic()
            answered = None
            while time.monotonic() - start < 30 and answered is None:
                if request_or_none(url + "/healthz", timeout=1) == 200:
                    answered = time.monotonic() - start
            record("serve: 1,100 held requests against 1,024 files, answered again after",
                   f"{answered:.1f} s" if answered is not None else "never (30 s)")
            assert answered is not None and answered < 5 * TIMEOUT
        finally:
            for connection in held:
                connection.close()
