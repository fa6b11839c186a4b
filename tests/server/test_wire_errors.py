"""Requests gunicorn refuses before the application sees them (a request line or header over
its limits, bytes that are not HTTP) are answered in the one JSON error shape
(claimgraph/server/wire_errors.py), by the balanced worker and by its plain gthread fallback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from claimgraph.server import balance, wire_errors
from tests.server.test_balance import _read_all, _wait_until_listening
from tests.server.test_live import _free_port

SERVE = "from claimgraph.cli import main; main()"
FALLBACK = "claimgraph.server.wire_errors.ShapedThreadWorker"
# claimgraph serve with the worker class worker_class() picks for an older gunicorn.
SERVE_ON_FALLBACK = (f"from claimgraph.server import balance; "
                     f"balance.worker_class = lambda: {FALLBACK!r}; {SERVE}")

HEADERS = b"Host: 127.0.0.1\r\nAccept: application/json\r\n"
REFUSED = {
    "request line over 8190 bytes":
        (b"GET /sparql?query=" + b"x" * 9000 + b" HTTP/1.1\r\n" + HEADERS + b"\r\n",
         414, "URI Too Long", "longer than the limit of 8190 bytes"),
    "header field over 8190 bytes":
        (b"GET /sparql HTTP/1.1\r\n" + HEADERS + b"X-Long: " + b"x" * 9000 + b"\r\n\r\n",
         431, "Request Header Fields Too Large", "longer than the limit of 8190 bytes"),
    "more than 100 header fields":
        (b"GET /sparql HTTP/1.1\r\n" + HEADERS
         + b"".join(b"X-Field-%d: 1\r\n" % i for i in range(120)) + b"\r\n",
         431, "Request Header Fields Too Large", "more than the limit of 100 header fields"),
    "request line that is not HTTP":
        (b"NOT AN HTTP REQUEST LINE\r\n\r\n",
         400, "Bad Request", "the request is not valid HTTP: Invalid HTTP"),
    "header name with a space":
        (b"GET /sparql HTTP/1.1\r\n" + HEADERS + b"Bad Name: 1\r\n\r\n",
         400, "Bad Request", "the request is not valid HTTP: Invalid HTTP header name"),
    "chunked body with a chunk size that is not hex":
        (b"POST /sparql HTTP/1.1\r\n" + HEADERS + b"Content-Type: application/sparql-query\r\n"
         b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nASK {}\r\n0\r\n\r\n",
         400, "Bad Request", "the request body is not valid HTTP: Invalid chunk size"),
}


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        return _read_all(sock, 10)


@pytest.mark.slow
@pytest.mark.parametrize("code", [SERVE, SERVE_ON_FALLBACK], ids=["balanced", "gthread"])
def test_requests_gunicorn_refuses_get_the_one_error_shape(code, tmp_path):
    port = _free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", code, "--store", "memory:", "serve", "--port", str(port),
             "--workers", "1", "--threads", "2"],
            stderr=log, start_new_session=True)
    try:
        _wait_until_listening(port, time.monotonic() + 60)
        for case, (request, status, title, detail) in REFUSED.items():
            head, _, body = _exchange(port, request).partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 %d " % status), (case, head)
            assert b"content-type: application/json" in head.lower(), (case, head)
            error = json.loads(body)["error"]
            assert error["status"] == status and error["title"] == title, (case, error)
            assert detail in error["detail"] and len(error["detail"]) < 300, (case, error)
        ask = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n" + HEADERS + b"Connection: close\r\n\r\n"
        assert _exchange(port, ask).startswith(b"HTTP/1.1 200")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    logged = log_path.read_text()
    expected = FALLBACK if code == SERVE_ON_FALLBACK else "claimgraph.server.balance.BalancedThreadWorker"
    assert f"Using worker: {expected}" in logged
    assert "Invalid request from ip=127.0.0.1" in logged      # gunicorn still logs them
    assert "Traceback" not in logged


def test_an_older_gunicorn_gets_the_plain_worker_with_the_same_error_answers(monkeypatch):
    from gunicorn.workers.gthread import ThreadWorker

    assert balance.worker_class() == "claimgraph.server.balance.BalancedThreadWorker"
    monkeypatch.delattr(ThreadWorker, "set_accept_enabled")
    assert balance.worker_class() == FALLBACK
    assert issubclass(wire_errors.ShapedThreadWorker, ThreadWorker)
    assert issubclass(wire_errors.ShapedThreadWorker, wire_errors.ShapedErrors)


def test_a_request_whose_headers_were_read_may_ask_for_plain_text():
    plain = SimpleNamespace(method="GET", headers=[("ACCEPT", "text/plain")])
    answer = wire_errors.shaped_answer(500, "Internal Server Error", "it failed", plain)
    assert answer.endswith(b"\r\n\r\n500 Internal Server Error: it failed\n")
    head = SimpleNamespace(method="HEAD", headers=[])
    answer = wire_errors.shaped_answer(400, "Bad Request", "no", head)
    assert b"Content-Type: application/json" in answer and answer.endswith(b"\r\n\r\n")
    assert b"Content-Length: 66\r\n" in answer
