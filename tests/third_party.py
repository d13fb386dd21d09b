"""Third-party clients of the published contract, driven for real: check-jsonschema,
ajv in strict mode, and yaml-language-server (the engine behind YAML in VS Code and
other editors), spoken to over the Language Server Protocol; and axe-core, the
accessibility checker the page's browser tests inject.

check-jsonschema comes with the test extra. ajv, yaml-language-server and axe-core come from npm,
installed once into a cache folder (``FOLLOWUP_NPM_CACHE``, default
``~/.cache/followup-etiquette/npm``); without npm or the registry, the tests that need
them are skipped, saying why.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

NPM_PACKAGES = ("ajv@8.20.0", "yaml-language-server@1.25.0", "axe-core@4.10.3")
NPM_CACHE = Path(os.environ.get("FOLLOWUP_NPM_CACHE", Path.home() / ".cache" / "followup-etiquette" / "npm"))

# Validates each instance file against a schema with ajv's Draft 2020-12 class in strict
# mode (strict: true turns every strict-mode warning into a compile error); prints
# {file: [errors]} as JSON.
_AJV_SCRIPT = r"""
const Ajv2020 = require("ajv/dist/2020").default;
const fs = require("fs");
const [schemaFile, ...files] = process.argv.slice(1);  // node -e has no script name
const ajv = new Ajv2020({strict: true, allErrors: true});
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
const result = {};
for (const file of files) {
  result[file] = validate(JSON.parse(fs.readFileSync(file, "utf8"))) ? [] :
    validate.errors.map(e => `${e.instancePath}: ${e.message}`);
}
process.stdout.write(JSON.stringify(result));
"""


def npm_tools() -> Path:
    """The folder of the npm packages (node_modules inside), installed if needed; skips the test without npm."""
    marker = NPM_CACHE / "installed.json"
    # The cache may hold more packages than these (another checkout's list): only ours must be there.
    installed = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else []
    if set(NPM_PACKAGES) <= set(installed):
        return NPM_CACHE
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are not installed: ajv, yaml-language-server and axe-core cannot be run")
    try:
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        pytest.skip(f"cannot make the npm cache folder {NPM_CACHE}: {error}")
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(NPM_CACHE),
                           *NPM_PACKAGES], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.skip(f"npm could not install {', '.join(NPM_PACKAGES)} (no registry?): "
                    f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")
    marker.write_text(json.dumps(sorted(set(installed) | set(NPM_PACKAGES))), encoding="utf-8")
    return NPM_CACHE


def axe_source() -> str:
    """axe-core's script (axe.min.js), to inject into a page under test."""
    return (npm_tools() / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def ajv_errors(schema: Path, files: Iterable[Path]) -> dict[str, list[str]]:
    """ajv's errors per JSON file (an empty list: valid). A schema ajv's strict mode refuses fails here."""
    tools = npm_tools()
    done = subprocess.run(["node", "-e", _AJV_SCRIPT, str(schema), *map(str, files)], capture_output=True,
                          text=True, timeout=300, check=False, env={**os.environ, "NODE_PATH": str(tools / "node_modules")})
    assert done.returncode == 0, done.stderr
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def check_jsonschema_errors(schema: Path, files: Iterable[Path]) -> dict[str, list[str]]:
    """check-jsonschema's errors per file (an empty list: valid), from one run over all of them."""
    names = [str(path) for path in files]
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--output-format", "json",
                           "--schemafile", str(schema), *names], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    report = json.loads(done.stdout)
    found: dict[str, list[str]] = {name: [] for name in names}
    for error in report.get("errors", []):
        found[error["filename"]].append(f"{error['path']}: {error['message']}")
    assert not report.get("parse_errors"), report["parse_errors"]
    return found


def editor_diagnostics(path: Path, timeout: float = 60) -> list[dict[str, Any]]:
    """The diagnostics yaml-language-server publishes for a file opened as an editor opens it.

    The server finds the schema from the file's own ``# yaml-language-server: $schema=``
    line; no schema is configured and the schema store is off.
    """
    server = npm_tools() / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}
    uri = path.resolve().as_uri()
    process = subprocess.Popen(["node", str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def read() -> None:
        while True:
            headers: dict[str, str] = {}
            while (line := stdout.readline().decode("ascii").strip()):
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if "content-length" not in headers:
                inbox.put(None)
                return
            inbox.put(json.loads(stdout.read(int(headers["content-length"]))))

    def send(message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()

    threading.Thread(target=read, daemon=True).start()
    try:
        send({"id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": path.resolve().parent.as_uri(),
            "capabilities": {"workspace": {"configuration": True}}}})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = inbox.get(timeout=1)
            except queue.Empty:
                continue
            assert message is not None, "yaml-language-server stopped"
            if message.get("id") == 1 and "result" in message:
                send({"method": "initialized", "params": {}})
                send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
                send({"method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
            elif "method" in message and "id" in message:  # a request of the server's
                items = message.get("params", {}).get("items", [])
                answer = [settings.get(item.get("section"), settings) for item in items] \
                    if message["method"] == "workspace/configuration" else None
                send({"id": message["id"], "result": answer})
            elif message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                diagnostics: list[dict[str, Any]] = message["params"]["diagnostics"]
                return diagnostics
        raise AssertionError(f"yaml-language-server published no diagnostics for {path} in {timeout} s")
    finally:
        process.kill()
        process.wait()
