"""A real ``followup serve`` process on a free local port, for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(*args: str, timeout: float = 60.0, wrapper: Sequence[str] = ()) -> Iterator[str]:
    """Start ``python -m engine serve`` and yield its base URL once /healthz answers; stop it after.

    ``wrapper`` is a command that runs the server (``prlimit --nofile=...``, say)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # The server's log goes to a file: a pipe nobody reads would fill up and stop the server.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([*wrapper, sys.executable, "-m", "engine", "serve", "--port", str(port), *args],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"followup serve exited {process.returncode}: {log.read().decode()}")
                try:
                    with urllib.request.urlopen(url + "/healthz", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
