"""Load on ``followup serve``: requests per second and latency with many concurrent clients.

    python benchmarks/serve_load.py                      # 50 clients, 20 s, 1 and 2 workers
    python benchmarks/serve_load.py --workers 2 --clients 50 --seconds 60 --output serve.json

Starts ``followup serve`` on a free loopback port for each worker count, warms it up, then
runs ``--clients`` keep-alive connections at once, each sending ``POST /v1/advise`` (JSON
out) back to back for ``--seconds``, with situations from ``benchmarks/situations.py``
(seeded). The client is a few lines of asyncio over raw sockets, so that it takes little
of the CPU it shares with the server. Reported: requests per second, latency p50/p95/p99
and maximum, and every status that was not 200. Then a burst of malformed requests from
as many clients (bad JSON, deep nesting, over-long bodies, wrong media types, broken HTTP):
the server must answer each with a 4xx (or close a connection whose HTTP is broken),
still answer /healthz, and still plan a situation to the same bytes as before. Only
loopback addresses are used, and every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from benchmarks.situations import situations  # noqa: E402

NOW = "2026-07-01T12:00+00:00"
NOW_QUERY = urllib.parse.quote(NOW)
MALFORMED = [
    ("application/json", b"{"), ("application/json", b"[" * 30000), ("application/json", b"\xff\xfe"),
    ("application/json", b"x" * 80000), ("text/plain", b"{}"), ("application/json", b"[]"),
    ("application/json", b'{"interview": "2026-11-20T14:00", "timezone": "Mars/Olympus"}'),
    ("application/json", b'{"interview": 1e999, "interview": 2}'),
]
BROKEN_HTTP = [b"GARBAGE\r\n\r\n", b"POST /v1/advise HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
               b"Content-Type: application/json\r\n\r\nZZ\r\n"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(body: bytes, content_type: str = "application/json") -> bytes:
    return (f"POST /v1/advise?now={NOW_QUERY} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the server keeps the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    else:
        body = await reader.read()
    return status, body, headers.get("connection", "").lower() != "close"


async def _client(port: int, bodies: list[bytes], offset: int, until: float, latencies: list[float],
                  statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = offset
    try:
        while time.perf_counter() < until:
            body = bodies[index % len(bodies)]
            index += 1
            started = time.perf_counter()
            writer.write(_request(body))
            status, _, keep = await _response(reader)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def _load(port: int, clients: int, seconds: float, bodies: list[bytes]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(port, bodies, n * 7, until, latencies, statuses) for n in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {"requests": len(ordered), "seconds": round(elapsed, 2), "rps": round(len(ordered) / elapsed, 1),
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": round(ordered[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
            "statuses": {str(code): count for code, count in sorted(statuses.items())}}


async def _one_malformed(port: int, index: int) -> int | None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        if index % 5 == 4:
            writer.write(BROKEN_HTTP[index % len(BROKEN_HTTP)])
            writer.write_eof()
            data = await asyncio.wait_for(reader.read(), 30)
            return int(data.split()[1]) if data.startswith(b"HTTP/1.1") else None
        content_type, body = MALFORMED[index % len(MALFORMED)]
        writer.write(_request(body, content_type))
        status, _, _ = await asyncio.wait_for(_response(reader), 30)
        return status
    except (ConnectionError, asyncio.IncompleteReadError):
        return None  # the server may close a connection whose body it refused: a fine answer
    finally:
        writer.close()


async def _burst(port: int, clients: int, count: int) -> dict[str, int]:
    gate = asyncio.Semaphore(clients)
    statuses: dict[str, int] = {}

    async def one(index: int) -> None:
        async with gate:
            status = await _one_malformed(port, index)
        key = str(status) if status is not None else "closed"
        statuses[key] = statuses.get(key, 0) + 1

    await asyncio.gather(*(one(index) for index in range(count)))
    return dict(sorted(statuses.items()))


def _plan_bytes(port: int, body: bytes) -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/advise?now={NOW_QUERY}", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def run(workers: int, clients: int, seconds: float, burst: int, count: int) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--port", str(port),
                                   "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            bodies = [json.dumps(situation).encode() for situation in situations(count, industry=None)]
            asyncio.run(_load(port, clients, min(3.0, seconds), bodies))  # warm-up: profiles, caches, every worker
            before = _plan_bytes(port, bodies[0])
            result = asyncio.run(_load(port, clients, seconds, bodies))
            result["malformed"] = asyncio.run(_burst(port, clients, burst))
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10).close()
            result["after_burst_same_plan"] = _plan_bytes(port, bodies[0]) == before
            result["server_still_running"] = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"workers": workers, "clients": clients, **result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, action="append", help="worker processes (repeatable; default 1 and 2)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--burst", type=int, default=2000, help="malformed requests after the load")
    parser.add_argument("--situations", type=int, default=500, help="distinct situations cycled through")
    parser.add_argument("--output", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()},
        "runs": [run(workers, args.clients, args.seconds, args.burst, args.situations)
                 for workers in (args.workers or [1, 2])],
    }
    print("| workers | clients | requests/s | p50 ms | p95 ms | p99 ms | max ms | statuses | malformed burst | after it |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results["runs"]:
        burst = ", ".join(f"{key}: {value}" for key, value in r["malformed"].items())
        after = "up, same plan" if r["server_still_running"] and r["after_burst_same_plan"] else "FAILED"
        print(f"| {r['workers']} | {r['clients']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
              f"{r['max_ms']} | {r['statuses']} | {burst} | {after} |")
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = all(r["server_still_running"] and r["after_burst_same_plan"] and set(r["statuses"]) <= {"200", "422"}
             for r in results["runs"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
