"""Shared helpers for the reliability suite: the full application over a seeded store, the checks
every answer must pass, and small servers on 127.0.0.1.

The app is the real ``create_app`` with every blueprint claimgraph ships (SPARQL, graph store,
VoID, query API, reconciliation, pages); a blueprint that ``BLUEPRINTS`` does not list yet is
registered here, so the suite tests the whole HTTP surface whatever the merge order.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flask import Flask

REPO = Path(__file__).resolve().parents[2]
TOKEN = "rel-test-token-7f3a9c1e5b"   # distinctive, so a leak into a log is easy to find
EXTRA_BLUEPRINTS = ("claimgraph.server.api:bp", "claimgraph.server.reconcile:bp",
                    "claimgraph.server.pages:bp")

# What a Python traceback or a framework debug page leaves in a body.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|"
                       r"werkzeug\.debug|in [a-z_]+\n\s+raise ", re.I)


def seeded_store(url: str = "memory:"):
    """A store holding the bundled seed annotation(s), one named graph each."""
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
    from claimgraph.graph.store import open_store

    store = open_store(url)
    for path in bundled_annotations():
        graph_iri, graph = annotation_to_graph(Path(path))
        store.replace_graph(graph_iri, graph)
    return store


def full_app(store: Any, **config: Any) -> Flask:
    """``create_app`` over ``store`` with every shipped blueprint registered."""
    from claimgraph.server.app import create_app

    settings = {"STORE": store, "TESTING": True, "UPDATE_TOKEN": TOKEN, "QUERY_TIMEOUT": 5.0,
                "RECONCILE_CACHE_SECONDS": 3600}
    settings.update(config)
    app = create_app(settings)
    for spec in EXTRA_BLUEPRINTS:
        module_name, _, attribute = spec.partition(":")
        blueprint = getattr(importlib.import_module(module_name), attribute)
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
    return app


def close_app(app: Flask) -> None:
    """Stop the app's query worker processes."""
    service = app.extensions.get("claimgraph.sparql")
    if service is not None:
        service.close()


def check_answer(response: Any, *, json_client: bool = True, what: str = "") -> None:
    """The rules every answer obeys: no 5xx other than a time-limit 503, no traceback text,
    and (for a client that accepts JSON) errors in the one shape."""
    body = response.get_data(as_text=True) if hasattr(response, "get_data") else response.text
    status = response.status_code
    where = f"{what}: {status} {body[:300]!r}"
    assert status < 500 or status == 503, "server error " + where
    assert not TRACEBACK.search(body), "traceback text in the body " + where
    if status >= 400 and json_client and body:
        assert content_type(response).startswith("application/json"), "error not JSON " + where
        error = json.loads(body)["error"]
        assert error["status"] == status, where
        assert isinstance(error["title"], str) and error["title"], where
        assert isinstance(error["detail"], str) and error["detail"], where


def content_type(response: Any) -> str:
    """The Content-Type of a Flask, requests or schemathesis response."""
    headers = response.headers
    value = headers.get("Content-Type") or headers.get("content-type") or ""
    return value[0] if isinstance(value, list) else value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a ``claimgraph`` subprocess run from this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
        **kwargs: Any) -> subprocess.CompletedProcess:
    """Run ``python -m claimgraph.cli ARGS`` from this checkout."""
    return subprocess.run([sys.executable, "-c", "from claimgraph.cli import main; main()",
                           *args], env=env or cli_env(), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


class Canary:
    """An HTTP server on 127.0.0.1 that records every request it receives (and answers 200 with
    harmless RDF), to prove that nothing a client sends makes claimgraph fetch or call it."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                body = b"<urn:canary> <urn:canary> <urn:canary> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _record

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
