"""Failures every command shares end in one line on stderr and a meaningful exit code, never a
traceback: a store that cannot be reached or answers an error, a bad store option, an output
file that cannot be written, standard output on a full disk."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli

REPO = Path(__file__).resolve().parents[2]
UNREACHABLE = "sparql:http://127.0.0.1:1/sparql"  # nothing listens on port 1

STORE_COMMANDS = [
    ["graphs"], ["stats"], ["ledger", "refresh"], ["watch", "list"], ["watch", "add", "x"],
    ["changes"], ["export"], ["query", "ASK {}"], ["drop", "urn:x"], ["ask", "claim-status"],
]


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and lines, result.stderr
    assert all(word in result.stderr for word in words), result.stderr


@pytest.mark.parametrize("command", STORE_COMMANDS, ids=" ".join)
def test_an_unreachable_sparql_store_is_a_message(command):
    result = _invoke("--store", UNREACHABLE, *command)
    _one_line_error(result, 1, "cannot reach http://127.0.0.1:1/sparql")


def test_viz_of_an_unreachable_store_is_a_message(tmp_path):
    result = _invoke("--store", UNREACHABLE, "viz", "person/x", "--out", str(tmp_path / "v.html"))
    _one_line_error(result, 1, "cannot reach")


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_a_timeout_that_is_not_a_positive_number_is_refused(timeout):
    result = _invoke("--store", f"sparql:http://127.0.0.1:1/sparql;timeout={timeout}", "graphs")
    _one_line_error(result, 1, "timeout= must be a positive number of seconds", repr(timeout))


class _NotAllowed(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def not_a_sparql_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotAllowed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_an_http_error_from_the_store_is_a_message(not_a_sparql_server):
    for command in (["graphs"], ["stats"], ["watch", "list"]):
        result = _invoke("--store", f"sparql:{not_a_sparql_server}", *command)
        _one_line_error(result, 1, "answered HTTP 405")


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    url = f"oxigraph:{tmp_path_factory.mktemp('seed') / 'store'}"
    assert _invoke("--store", url, "load", "--example").exit_code == 0
    return url


@pytest.mark.parametrize("command", [
    ["export", "--void", "/nonexistent/dir/v.ttl"],
    ["viz", "person/vladimir-putin", "--out", "/nonexistent/v.html"],
    ["graph", "export", "-o", "/nonexistent/x.graphml"],
    ["graph", "export", "--format", "csv", "-o", "/nonexistent/x"],
    ["ontology", "reference", "--markdown", "/nonexistent/x.md"],
    ["ontology", "reference", "--diagram", "/nonexistent/x.dot"],
], ids=lambda c: " ".join(c[:2]))
def test_an_output_file_in_a_missing_folder_is_refused_before_any_work(seed_store, command):
    result = _invoke("--store", seed_store, *command)
    _one_line_error(result, 2, "folder /nonexistent", "does not exist")
    assert result.stdout == ""  # export wrote no dump before it found out


def _claimgraph_to(stdout, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimgraph", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120, cwd=REPO)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", [["export"], ["query", "SELECT * { ?s ?p ?o } LIMIT 3"],
                                     ["graphs"], ["queries"]], ids=" ".join)
def test_standard_output_on_a_full_disk_is_a_message(seed_store, command):
    with open("/dev/full", "w") as full:
        done = _claimgraph_to(full, "--store", seed_store, *command)
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error: cannot write")
    assert done.stderr.rstrip().endswith(": No space left on device")


def test_a_closed_pipe_stays_quiet(seed_store):
    process = subprocess.Popen([sys.executable, "-m", "claimgraph", "--store", seed_store,
                                "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=REPO)
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in stderr and "cannot write" not in stderr
