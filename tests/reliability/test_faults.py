"""Faults: SIGKILL during an update (live server) and during a link run, a full disk during a load,
a remote SPARQL store that hangs, drops or refuses connections, and a server restarted on the
same store. After each, the store opens and holds exactly what it held before the interrupted
write (or, if the write had committed before the kill, exactly what it holds after it: never a
part of it). SIGKILL during a load is tests/graph/test_load_kill.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from claimgraph.graph.store import StoreError, open_store
from tests.reliability.live import LiveServer
from tests.reliability.support import TOKEN, cli, cli_env

BIG = "urn:reliability:big-update"


def dump(store_url: str) -> list[str]:
    """Every quad of the store, sorted, read by a fresh process (the store as a reopen sees it)."""
    result = cli("--store", store_url, "export", "--format", "nquads", timeout=300)
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if line.strip())


def seeded_disk_store(folder: Path) -> str:
    url = f"oxigraph:{folder}"
    result = cli("--store", url, "load", "--example", "--no-ledger")
    assert result.returncode == 0, result.stderr
    return url


def big_update(n: int) -> str:
    lines = "\n".join(f'<urn:s{i}> <urn:p> "value {i} of the interrupted update" .'
                      for i in range(n))
    return f"INSERT DATA {{ GRAPH <{BIG}> {{\n{lines}\n}} }}"


@pytest.mark.slow
def test_sigkill_during_update_then_restart(tmp_path):
    url = seeded_disk_store(tmp_path / "store")
    before = dump(url)
    server = LiveServer(url, tmp_path / "server.log", token=TOKEN)
    answer: dict[str, object] = {}
    idle = set(server.descendants())

    def send() -> None:
        try:
            answer["response"] = requests.post(
                server.url + "/update", data=big_update(120_000).encode(),
                headers={"Content-Type": "application/sparql-update",
                         "Authorization": f"Bearer {TOKEN}"}, timeout=120)
        except requests.RequestException as exc:
            answer["error"] = exc

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 60   # wait for the writer process to start, then kill
    while not set(server.descendants()) - idle and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    server.kill()
    sender.join(timeout=60)
    after = dump(url)
    big = [line for line in after if BIG in line]
    assert "Traceback" not in server.log()
    if "response" in answer and answer["response"].status_code == 204:
        assert len(big) == 120_000      # committed before the kill: all of it
    else:
        assert after == before, f"{len(big)} quads of the interrupted update survived"
    # The server restarts on the same store and answers from it.
    again = LiveServer(url, tmp_path / "server2.log", token=TOKEN)
    try:
        count = requests.get(again.url + "/sparql", params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
        assert int(count["results"]["bindings"][0]["n"]["value"]) == len(after)
    finally:
        again.stop()


@pytest.mark.slow
def test_server_restart_loses_nothing(tmp_path):
    url = seeded_disk_store(tmp_path / "store")
    server = LiveServer(url, tmp_path / "server.log", token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        put = requests.put(server.url + "/rdf-graph-store", params={"graph": "urn:g:put"},
                           data="<urn:a> <urn:b> \"put\" .", timeout=60,
                           headers={**auth, "Content-Type": "text/turtle"})
        assert put.status_code == 201, put.text
        update = requests.post(server.url + "/update", timeout=60,
                               data='INSERT DATA { GRAPH <urn:g:upd> { <urn:a> <urn:b> "u" } }',
                               headers={**auth, "Content-Type": "application/sparql-update"})
        assert update.status_code == 204, update.text
    finally:
        server.kill()              # not even a graceful stop: acknowledged writes are durable
    expected = dump(url)
    assert any("urn:g:put" in line for line in expected)
    assert any("urn:g:upd" in line for line in expected)
    again = LiveServer(url, tmp_path / "server2.log", token=TOKEN)
    try:
        for graph, value in (("urn:g:put", "put"), ("urn:g:upd", "u")):
            got = requests.get(again.url + "/rdf-graph-store", params={"graph": graph},
                               headers={"Accept": "application/n-triples"}, timeout=60)
            assert got.status_code == 200 and f'"{value}"' in got.text
    finally:
        again.stop()
    assert dump(url) == expected


def _split(quads: list[str], graph: str) -> tuple[list[str], list[str]]:
    inside = [q for q in quads if q.rstrip(" .").endswith(f"<{graph}>")]
    return [q for q in quads if q not in set(inside)], inside


def _untimed(quads: list[str]) -> list[str]:
    return sorted(q for q in quads if "XMLSchema#dateTime" not in q)


@pytest.mark.slow
def test_sigkill_during_link_run(tmp_path):
    """``claimgraph link`` against a live local endpoint, killed at several moments: the store
    holds the seed alone or the seed plus the whole linkset, never part of the linkset."""
    from claimgraph.graph.link.linker import DEFAULT_LINKSET
    from tests.graph.link.link_helpers import DECOYS, REFERENCE, SparqlTestEndpoint

    if not REFERENCE.is_file():
        pytest.skip(f"the reference extract is not at {REFERENCE}")
    endpoint = SparqlTestEndpoint(REFERENCE.read_text("utf-8"), DECOYS)
    try:
        reference = tmp_path / "reference"
        reference_url = seeded_disk_store(reference)
        full = cli("--store", reference_url, "link", "--endpoint", endpoint.url,
                   "--batch-size", "5", timeout=300)
        assert full.returncode == 0, full.stderr
        linkset = str(DEFAULT_LINKSET)
        complete = _split(dump(reference_url), linkset)[1]
        assert complete, "the reference run linked nothing"
        outcomes = []
        for attempt, delay in enumerate((0.5, 1.5, 3.0, 5.0)):
            url = seeded_disk_store(tmp_path / f"store{attempt}")
            before = dump(url)
            process = subprocess.Popen(
                [os.sys.executable, "-c", "from claimgraph.cli import main; main()", "--store",
                 url, "link", "--endpoint", endpoint.url, "--batch-size", "5"],
                env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.kill()
            process.wait(timeout=30)
            rest, links = _split(dump(url), linkset)
            assert rest == before, f"the store outside the linkset changed (kill at {delay} s)"
            # The linkset carries its run's timestamps: compare all but those, and the size.
            assert len(links) in (0, len(complete)), \
                f"partial linkset after a kill at {delay} s: {len(links)} of {len(complete)}"
            if links:
                assert _untimed(links) == _untimed(complete)
            outcomes.append(len(links))
    finally:
        endpoint.close()


@pytest.mark.slow
def test_full_disk_during_load(small_disk, tmp_path):
    url = seeded_disk_store(small_disk / "store")
    before = dump(url)
    big = tmp_path / "big.nt"       # ~40 MB of N-Triples: cannot fit on a 12 MB disk
    with open(big, "w") as out:
        for i in range(400_000):
            out.write(f'<urn:s{i}> <urn:p> "a literal long enough to fill the disk {i}" .\n')
    result = cli("--store", url, "load", "--no-ledger", str(big), timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "space" in result.stderr.lower() or "No space" in result.stderr, result.stderr[-1500:]
    after = dump(url)
    assert after == before


class FakeSparqlServer:
    """A socket server on 127.0.0.1 that misbehaves: ``hang`` accepts and never answers,
    ``drop`` sends half a response and closes, ``trickle`` sends a byte every 0.3 s forever."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            if self.mode == "drop":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                             b"\r\nContent-Length: 1000\r\n\r\n{\"head\": {\"vars\": [")
                conn.close()
            elif self.mode == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                             b"\r\nContent-Length: 100000\r\n\r\n")
                while not self.stop.wait(0.3):
                    conn.sendall(b" ")
            else:
                self.stop.wait()
        except OSError:
            pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        for conn in self.conns:
            conn.close()


def _run_with_deadline(fn, seconds: float):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it is still running."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: the process is stuck"
    return outcome, time.monotonic() - started


@pytest.mark.parametrize("mode", ["hang", "drop", "trickle", "refused"])
@pytest.mark.parametrize("operation", ["query", "update", "graphs"])
def test_remote_sparql_store_failures_are_clear_errors(mode, operation):
    if mode == "refused":
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
        server = None
    else:
        server = FakeSparqlServer(mode)
        url = server.url
    try:
        store = open_store(f"sparql:{url};timeout=1")
        call = {"query": lambda: store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
                "update": lambda: store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
                "graphs": store.graphs}[operation]
        outcome, elapsed = _run_with_deadline(call, 15)
        error = outcome.get("error")
        assert isinstance(error, StoreError), f"{mode}/{operation}: {outcome!r}"
        assert url in str(error) or "127.0.0.1" in str(error), str(error)
        assert elapsed < 5, f"{mode}/{operation} took {elapsed:.1f} s with timeout=1"
    finally:
        if server:
            server.close()
