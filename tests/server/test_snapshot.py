"""The in-memory snapshot mode (SNAPSHOT_MODE, claimgraph/server/snapshot.py) on an on-disk store.

Both modes give the same answers (the memory copy's union of the graphs a set, as SPARQL
defines it; the disk store's repeats a restated triple); a write through /update is visible as
soon as it is answered, an outside write after the refresh; a killed query worker is replaced
from the same copy; "auto" chooses by size; a copy that cannot be built is a 503, not a hang.

The test process never opens the RocksDB store itself: a process that has opened one cannot
safely fork children that open it (see read_in_child), so stores are written by subprocesses.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from claimgraph.server.snapshot import MemorySnapshot, SnapshotUnavailable
from tests.server.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUERIES = [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", "text/csv"),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
     "application/sparql-results+json"),
    ("ASK { ?s a ?type }", "application/sparql-results+json"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples"),
]
LIVE = "ASK { GRAPH <http://example.org/live> { <http://a> <http://b> ?o } }"


def _in_subprocess(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120,
                   env={**os.environ, "PYTHONPATH": ROOT})


@pytest.fixture
def disk_url(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    _in_subprocess("from claimgraph.graph.store import open_store\n"
                   "from tests.server.conftest import load_fixture\n"
                   f"with open_store({url!r}) as s: load_fixture(s)\n")
    return url


def _app(url: str, mode: str, **extra):
    from claimgraph.server.app import create_app

    return create_app({"STORE": url, "TESTING": True, "QUERY_TIMEOUT": 20, "SNAPSHOT_MODE": mode,
                       "UPDATE_TOKEN": TOKEN, **extra})


@pytest.fixture
def memory_app(disk_url):
    app = _app(disk_url, "memory", SNAPSHOT_REFRESH=0.2)
    yield app
    app.extensions["claimgraph.sparql"].close()


def _answers(client) -> list[bytes]:
    bodies = []
    for query, accept in QUERIES:
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.data
        if accept == "application/n-triples":
            body = b"\n".join(sorted(body.splitlines()))
        bodies.append(body)
    return bodies


def _ask(client, query: str = LIVE) -> bool:
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["boolean"]


def test_memory_and_disk_modes_give_the_same_answers(disk_url):
    """The same answers, but that the in-memory copy reads the union of the named graphs as the
    set SPARQL defines (graph/backends/union_copy.py), where a query on the disk store meets a
    triple once per graph holding it (oxigraph/oxigraph#1919): the fixture restates some."""
    results = {}
    for mode in ("disk", "memory"):
        app = _app(disk_url, mode)
        try:
            service = app.extensions["claimgraph.sparql"]
            assert (service.memory is not None) == (mode == "memory")
            results[mode] = _answers(app.test_client())
        finally:
            app.extensions["claimgraph.sparql"].close()
    disk_rows, memory_rows = results["disk"][0].splitlines(), results["memory"][0].splitlines()
    assert memory_rows == list(dict.fromkeys(disk_rows))     # ordered, so copies are adjacent
    assert len(disk_rows) > len(memory_rows)
    assert results["memory"][1:] == results["disk"][1:]
    assert b"doc-a" in results["memory"][1]


@pytest.mark.slow
def test_a_write_through_update_is_visible_in_every_web_worker_when_answered(disk_url):
    # Under gunicorn (a subprocess): the write runs in a forked child that opens RocksDB, which
    # hangs if the forking process had opened it, as this test process may have (test_live).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": ROOT, "CLAIMGRAPH_UPDATE_TOKEN": TOKEN,
           "CLAIMGRAPH_SNAPSHOT_MODE": "memory"}
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "--store", disk_url, "serve", "--port", str(port),
         "--workers", "2", "--threads", "2"],
        env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    ask = {"query": LIVE}
    try:
        for _ in range(200):
            try:
                requests.get(f"{base}/sparql", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert requests.get(f"{base}/sparql", params=ask, timeout=10).json()["boolean"] is False
        for value, expected in ((1, True), (None, False)):
            update = ("DROP GRAPH <http://example.org/live>" if value is None else
                      "INSERT DATA { GRAPH <http://example.org/live> { <http://a> <http://b> "
                      f"{value} }} }}")
            write = requests.post(f"{base}/update", headers=AUTH, data={"update": update},
                                  timeout=30)
            assert write.status_code == 204, write.text
            for _ in range(8):     # both web workers, new connections each time
                answer = requests.get(f"{base}/sparql", params=ask, timeout=10)
                assert answer.json()["boolean"] is expected
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert "in-memory snapshot 1 built" in stderr
    assert "POST /update 204" in stderr


def test_an_outside_write_is_picked_up_after_the_refresh(memory_app, disk_url):
    client = memory_app.test_client()
    assert _ask(client) is False
    _in_subprocess("from claimgraph.graph.store import open_store\n"
                   f"with open_store({disk_url!r}) as s: s.update('INSERT DATA {{ GRAPH "
                   "<http://example.org/live> { <http://a> <http://b> 2 } }')\n")
    deadline = time.monotonic() + 30
    while not _ask(client):
        assert time.monotonic() < deadline, "the outside write never became visible"
        time.sleep(0.2)


def test_a_killed_worker_is_replaced_from_the_same_copy(memory_app):
    client = memory_app.test_client()
    pool = memory_app.extensions["claimgraph.sparql"].pool
    first = _answers(client)
    version = pool.memory.version
    victims = [worker.process for worker in pool._idle]
    assert victims
    for process in victims:
        os.kill(process.pid, signal.SIGKILL)
        process.join(5)
    assert _answers(client) == first
    assert {worker.process.pid for worker in pool._idle}.isdisjoint(p.pid for p in victims)
    assert pool.memory.version == version       # no new copy was needed


def test_auto_copies_small_stores_and_leaves_large_ones_on_disk(disk_url):
    from claimgraph.server.config import ConfigError, load_config
    from claimgraph.server.service import snapshot_mode

    assert snapshot_mode(load_config({"SNAPSHOT_MODE": "auto"}), disk_url) == "memory"
    config = load_config({"SNAPSHOT_MODE": "auto", "SNAPSHOT_MEMORY_MAX_QUADS": 10})
    assert snapshot_mode(config, disk_url) == "disk"
    with pytest.raises(ConfigError, match="SNAPSHOT_MODE"):
        snapshot_mode(load_config({"SNAPSHOT_MODE": "fast"}), disk_url)
    with pytest.raises(ConfigError, match="oxigraph"):
        snapshot_mode(load_config({"SNAPSHOT_MODE": "memory"}), "sparql:http://127.0.0.1:9/q")


def test_a_copy_that_cannot_be_built_is_unavailable_not_a_hang():
    from multiprocessing import Value

    generation = Value("Q", 0)

    def fail():
        raise OSError("disk on fire")

    snapshot = MemorySnapshot(fail, generation, refresh=0.0)
    with pytest.raises(SnapshotUnavailable, match="disk on fire"):
        snapshot.current(5.0)


def test_outside_changes_rebuild_in_the_background_while_the_old_copy_answers():
    from multiprocessing import Value

    generation = Value("Q", 0)
    release = threading.Event()
    builds: list[int] = []
    files = {"state": ("a",)}

    def build():
        builds.append(1)
        if len(builds) > 1:
            release.wait(10)
        return object()

    snapshot = MemorySnapshot(build, generation, fingerprint=lambda: files["state"],
                              refresh=0.01)
    version, first = snapshot.current(5.0)
    files["state"] = ("b",)
    time.sleep(0.02)
    assert snapshot.current(5.0) == (version, first)   # stale: rebuild started, old answers
    release.set()
    deadline = time.monotonic() + 5
    while snapshot.current(5.0)[0] == version:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with generation.get_lock():                           # a write through the server: wait
        generation.value += 1
    new_version, _ = snapshot.current(5.0)
    assert new_version == version + 2


def test_the_first_copy_is_built_in_the_loading_thread_and_rebuilds_in_one_lasting_thread():
    """Where a copy is built decides which glibc arena holds it, and a thread that ends hands
    its arena to the next new thread (module docstring): the first copy is built by the caller
    of load (the gunicorn master's main thread), every rebuild by one builder thread that lives
    until the snapshot is closed."""
    from multiprocessing import Value

    generation = Value("Q", 0)
    built_in: list[int] = []

    def build():
        built_in.append(threading.get_ident())
        return object()

    snapshot = MemorySnapshot(build, generation, refresh=0.0)
    snapshot.load()
    assert built_in == [threading.get_ident()]
    for expected in (2, 3):
        with generation.get_lock():
            generation.value += 1
        assert snapshot.wait_fresh(5.0)
        assert len(built_in) == expected
    builder = snapshot._builder
    assert builder is not None and builder.is_alive()
    assert built_in[1] == built_in[2] == builder.ident != threading.get_ident()
    snapshot.close()
    builder.join(5)
    assert not builder.is_alive()
    assert snapshot.current(0.1)[0] == 3          # closed: the last copy still answers
    with generation.get_lock():                   # but nothing builds a newer one
        generation.value += 1
    with pytest.raises(SnapshotUnavailable, match="closed"):
        snapshot.current(0.1)
    assert snapshot._builder is builder and len(built_in) == 3


# A literal the engine computes from a short update (16 MiB of text; its N-Quads line is longer
# than the 16 MiB Oxigraph's streaming parser accepts).
LONG = ('INSERT { GRAPH <http://example.org/long> { <http://a> <http://b> ?v20 } } WHERE { '
        'BIND("0123456789abcdef" AS ?v0) '
        + " ".join(f"BIND(CONCAT(?v{i - 1}, ?v{i - 1}) AS ?v{i})" for i in range(1, 21)) + " }")
LONG_ASK = ("ASK { GRAPH <http://example.org/long> { <http://a> <http://b> ?v } "
            "FILTER(STRLEN(?v) = 16777216) }")


def test_a_literal_over_the_parser_limit_is_copied_and_the_server_still_starts(memory_app,
                                                                              disk_url):
    client = memory_app.test_client()
    _in_subprocess("from claimgraph.graph.store import open_store\n"
                   f"with open_store({disk_url!r}) as s: s.update({LONG!r})\n")
    deadline = time.monotonic() + 60
    while not _ask(client, LONG_ASK):       # a rebuild that failed would answer 503 here
        assert time.monotonic() < deadline, "the long literal never became visible"
        time.sleep(0.2)
    restarted = _app(disk_url, "memory")
    try:
        assert restarted.extensions["claimgraph.sparql"].memory is not None
        assert _ask(restarted.test_client(), LONG_ASK) is True
    finally:
        restarted.extensions["claimgraph.sparql"].close()


def test_a_failed_copy_is_retried_at_once_after_a_write():
    from multiprocessing import Value

    generation = Value("Q", 0)
    attempts: list[int] = []

    def build():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("a literal too long to copy")
        return object()

    snapshot = MemorySnapshot(build, generation, refresh=600.0)
    with pytest.raises(SnapshotUnavailable, match="too long"):
        snapshot.current(5.0)
    with generation.get_lock():          # the write that removed it, within the back-off
        generation.value += 1
    assert snapshot.wait_fresh(5.0)
    assert len(attempts) == 2


def test_the_server_starts_on_disk_when_no_copy_can_be_built(disk_url, monkeypatch, caplog):
    from claimgraph.graph.store import StoreError
    from claimgraph.server import service

    def broken(url):
        raise StoreError("cannot load the snapshot into memory: disk on fire")

    monkeypatch.setattr(service, "memory_copy", broken)
    app = _app(disk_url, "memory")
    try:
        assert app.extensions["claimgraph.sparql"].memory is None
        assert _answers(app.test_client())
    finally:
        app.extensions["claimgraph.sparql"].close()
    assert "disk on fire; serving from disk instead" in caplog.text
