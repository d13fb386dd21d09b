"""A client generated from the served OpenAPI document calls a running server.

openapi-python-client (a mainstream generator: it reads only ``components/schemas``, names
models after their titles, and drops what it cannot read) makes a Python package from
``GET /openapi.json``; the package then plans through ``POST /v1/advise`` and reads the
plan and the problem back into its models. The generator is a command of its own, with
dependencies that the test extra does not pin (its httpx bound differs): the one named by
``FOLLOWUP_OPENAPI_PYTHON_CLIENT``, or on PATH, or installed once with pip into a cache
folder (``~/.cache/followup-etiquette/openapi-python-client``); without it the test is
skipped, saying why. Marked slow: it starts a server and runs the generator.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path
from typing import Any

import pytest
from serve_live import live_server
from third_party import installing

import engine

pytestmark = pytest.mark.slow

GENERATOR = "openapi-python-client==0.29.1"
CACHE = Path(os.environ.get("FOLLOWUP_OPENAPI_CLIENT_CACHE",
                            Path.home() / ".cache" / "followup-etiquette" / "openapi-python-client"))
SITUATION = {"interview": "2026-11-20T14:00", "timezone": "America/New_York", "industry": "legal", "country": "US",
             "promised_reply_by": "2026-11-27", "company": "Hale & Sons", "role": "associate",
             "contacts": [{"at": "2026-11-20T18:00", "channel": "email"}]}
NOW = "2026-11-23T10:00"


def generator() -> str:
    """The openapi-python-client command, installed into the cache folder if it is nowhere else."""
    named = os.environ.get("FOLLOWUP_OPENAPI_PYTHON_CLIENT") or shutil.which("openapi-python-client")
    if named:
        return named
    environment = CACHE / "venv"
    command = environment / "bin" / "openapi-python-client"
    marker = CACHE / "installed.txt"
    if command.exists() and marker.exists() and marker.read_text(encoding="utf-8") == GENERATOR:
        return str(command)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        pytest.skip(f"cannot make the folder {CACHE} for {GENERATOR}: {error}")
    with installing(CACHE):
        if command.exists() and marker.exists() and marker.read_text(encoding="utf-8") == GENERATOR:
            return str(command)
        try:
            venv.create(environment, with_pip=True, clear=True)
        except (OSError, subprocess.CalledProcessError) as error:
            pytest.skip(f"cannot make a virtual environment for {GENERATOR} in {environment}: {error}")
        done = subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", GENERATOR], capture_output=True, text=True,
                              timeout=600, check=False)
        if done.returncode != 0:
            pytest.skip(f"{GENERATOR} could not be installed (no package index?): {done.stderr.strip()[-300:]}")
        marker.write_text(GENERATOR, encoding="utf-8")
    return str(command)


def test_a_generated_client_plans_through_a_running_server(tmp_path: Path) -> None:
    command = generator()
    with live_server() as url:
        with urllib.request.urlopen(url + "/openapi.json", timeout=30) as response:
            (tmp_path / "openapi.json").write_bytes(response.read())
        generated = subprocess.run([command, "generate", "--path", str(tmp_path / "openapi.json"), "--meta", "none",
                                    "--output-path", str(tmp_path / "followup_client")],
                                   capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
        log = generated.stdout + generated.stderr
        assert generated.returncode == 0, log
        # Nothing the server serves is left out; YAML bodies are the one thing this generator does not send.
        assert "will not be generated" not in log and "Unable to" not in log and "Could not" not in log, log
        for module in ("advise", "profiles", "health", "schema"):
            assert (tmp_path / "followup_client" / "api" / "default" / f"{module}.py").exists()

        sys.path.insert(0, str(tmp_path))
        try:
            client_module = importlib.import_module("followup_client")
            advise = importlib.import_module("followup_client.api.default.advise")
            models = importlib.import_module("followup_client.models")
            with client_module.Client(base_url=url, raise_on_unexpected_status=True) as client:
                plan = advise.sync(client=client, body=models.Situation.from_dict(SITUATION), now=NOW)
                refused = advise.sync(client=client, body=models.Situation.from_dict(
                    {"interview": "2026-11-20T14:00", "timezone": "America/New_Yrok"}), now=NOW)
            assert type(plan).__name__ == "Plan"
            expected: dict[str, Any] = engine.advise(SITUATION, now=NOW).to_dict()
            assert json.loads(json.dumps(plan.to_dict())) == expected  # the client's model holds the whole plan
            assert type(refused).__name__ == "Problem"
            assert (refused.status, refused.field) == (422, "timezone")
            assert "did you mean 'America/New_York'" in refused.detail
        finally:
            sys.path.remove(str(tmp_path))
            for name in [name for name in sys.modules if name == "followup_client" or
                         name.startswith("followup_client.")]:
                del sys.modules[name]
