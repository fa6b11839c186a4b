"""bench/bench_endpoint.py's catalog passes: a pass stopped by its time budget reports an upper
bound on the server's rate, never a figure for requests it did not answer."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.bench_endpoint import _row, run_passes


@pytest.fixture()
def server() -> Iterator[str]:
    """A SPARQL-shaped server on 127.0.0.1 that answers at once, except a query saying
    ``slow``, which it holds until the test ends."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            query = urllib.parse.parse_qs(body)["query"][0]
            if "slow" in query:
                release.wait(60)
            answer = b'{"head": {"vars": []}, "results": {"bindings": []}}'
            self.send_response(200 if "bad" not in query else 400)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    release.set()
    httpd.shutdown()
    httpd.server_close()


def test_a_pass_within_its_budget_is_measured_as_it_is(server: str) -> None:
    result = run_passes(server, ["ASK {}"] * 4, 2, 0, passes=1, budget=30)
    assert (result["n"], result["errors"], result["stopped"], result["bound"]) == (4, 0, 0, False)
    assert result["rps"] > 4 / 30


def test_a_pass_stopped_by_its_budget_gives_an_upper_bound(server: str) -> None:
    queries = ["ASK {} # fast", "ASK {} # slow", "ASK {} # fast", "ASK {} # fast"]
    result = run_passes(server, queries, 1, 0, passes=1, budget=1.0)
    # the slow request was waited for until the budget ran out; the two after it never sent
    assert (result["n"], result["errors"], result["stopped"], result["bound"]) == (1, 0, 3, True)
    assert 4 / 10 < result["rps"] <= 4 / 1.0      # the pass's 4 requests over the time spent
    assert result["p50"] >= 900 and result["p99"] >= 900   # the unanswered one's wait, a bound
    row = _row([result], "rdflib-endpoint", "catalog", 1)
    assert (row["bound"], row["stopped"], row["n"]) == (True, 3, 1)


def test_several_clients_stop_together_and_errors_stay_errors(server: str) -> None:
    queries = ["ASK {} # slow", "ASK {} # bad", "ASK {}", "ASK {} # slow", "ASK {}", "ASK {}"]
    result = run_passes(server, queries, 2, 0, passes=1, budget=1.0)
    assert result["bound"] and result["errors"] == 1
    assert result["n"] + result["errors"] + result["stopped"] == len(queries)
    assert result["stopped"] >= 2                   # both slow ones at least


def test_without_a_budget_passes_repeat_for_the_duration(server: str) -> None:
    result = run_passes(server, ["ASK {}"] * 3, 1, 0.3)
    assert not result["bound"] and result["stopped"] == 0
    assert result["n"] % 3 == 0 and result["n"] >= 3
