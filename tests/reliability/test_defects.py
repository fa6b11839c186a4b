"""Regression tests for defects the reliability suite found, one test each, smallest input."""

from __future__ import annotations

import time

import pytest

from tests.reliability.support import check_answer


@pytest.mark.parametrize("key", ["queries", "query"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_reconcile_deeply_nested_json_is_a_400(client, key, method):
    """json.loads raises RecursionError (not JSONDecodeError) on deep nesting: it was a 500."""
    nested = '{"q0": ' * 5000 + "1" + "}" * 5000
    if method == "GET":
        response = client.get("/reconcile", query_string={key: nested})
    else:
        response = client.post("/reconcile", data={key: nested})
    check_answer(response, what="/reconcile nested JSON")
    assert response.status_code == 400
    assert "nested" in response.get_json()["error"]["detail"]


def _huge_literal_file(path, triples_before: int):
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(triples_before):
            handle.write(f"<urn:s{i}> <urn:p> \"{i}\" .\n")
        handle.write('<urn:s> <urn:p> "' + "x" * (2 * 1024 * 1024) + '" .\n')
    return path


@pytest.mark.parametrize("streamed", [False, True], ids=["checked", "streamed"])
def test_huge_literal_refused_store_unchanged(tmp_path, monkeypatch, streamed):
    """A Turtle file holding a 2 MiB literal was loaded whole. It is refused now, both when the
    file is parsed before writing and when it streams (after 60,000 good triples went
    to the bulk loader's staging, which must be rolled back)."""
    from claimgraph.graph import load as loader
    from claimgraph.graph.store import open_store
    from tests.reliability.support import seeded_store

    store = seeded_store(f"oxigraph:{tmp_path / 'store'}")
    before = (store.count(), store.graphs())
    if streamed:
        monkeypatch.setattr(loader, "STREAM_BYTES", 1024)
    path = _huge_literal_file(tmp_path / "huge.ttl", 60_000 if streamed else 0)
    [report] = loader.load_paths(store, [path], validators=[])
    assert report.error is not None and "literal" in str(report.error), report
    assert (store.count(), store.graphs()) == before
    store.close()
    reopened = open_store(f"oxigraph:{tmp_path / 'store'}")
    assert (reopened.count(), reopened.graphs()) == before
    reopened.close()


def test_sparql_store_gives_up_on_a_trickling_server():
    """A remote store that sends one byte every 0.3 s never trips requests' per-read timeout:
    a query on ``sparql:...;timeout=1`` hung forever. It now fails within its timeout."""
    from claimgraph.graph.store import StoreError, open_store
    from tests.reliability.test_faults import FakeSparqlServer, _run_with_deadline

    server = FakeSparqlServer("trickle")
    try:
        store = open_store(f"sparql:{server.url};timeout=1")
        outcome, elapsed = _run_with_deadline(lambda: store.query("ASK {}"), 15)
        assert isinstance(outcome.get("error"), StoreError), outcome
        assert "within 1 s" in str(outcome["error"])
        assert elapsed < 3
    finally:
        server.close()


def test_full_disk_load_leaves_no_bulk_file_behind(small_disk, tmp_path):
    """A load that fills the disk failed, but left the bulk loader's partial ``bulk-*.sst`` file
    filling it, so the store could not even be reopened ("No space left on device"). The failed
    load now removes it: the store reopens with what it held before."""
    from tests.reliability.test_faults import dump, seeded_disk_store
    from tests.reliability.support import cli

    url = seeded_disk_store(small_disk / "store")
    before = dump(url)
    big = tmp_path / "big.nt"
    with open(big, "w") as out:
        for i in range(400_000):
            out.write(f'<urn:s{i}> <urn:p> "a literal long enough to fill the disk {i}" .\n')
    result = cli("--store", url, "load", "--no-ledger", str(big), timeout=300)
    assert result.returncode != 0 and "No space left" in result.stderr
    assert not list((small_disk / "store").glob("bulk-*.sst"))
    assert dump(url) == before


WRITER = """
import sys, time
from claimgraph.graph.store import open_store
deadline = time.monotonic() + float(sys.argv[2])
i = 0
while time.monotonic() < deadline:   # as the server's writer: open, write one graph, close
    with open_store(sys.argv[1]) as store:
        store.update(f'INSERT DATA {{ GRAPH <urn:w{i % 50}> {{ ' + ' '.join(
            f'<urn:s{i}-{j}> <urn:p> "{j}" .' for j in range(200)) + ' } }')
        store.remove_graph(f'urn:w{(i + 25) % 50}')
    i += 1
"""


@pytest.mark.slow
def test_read_only_open_survives_a_concurrent_writer(tmp_path):
    """Under load, query workers failed with 503 "the store could not be opened: Corruption: IO
    error: No such file or directory": a read-only open raced a compaction in the writing
    process. Opens are retried now; none fails while another process writes hard."""
    import subprocess
    import sys

    from claimgraph.graph.store import open_store
    from tests.reliability.support import cli_env

    url = f"oxigraph:{tmp_path / 'store'}"
    open_store(url).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url, "12"], env=cli_env())
    failures, opens = [], 0
    try:
        time.sleep(1)
        while writer.poll() is None:
            try:
                store = open_store(url, read_only=True)
                store.count()
                store.close()
            except Exception as exc:  # noqa: BLE001 - counted and reported
                failures.append(str(exc)[:200])
            opens += 1
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert opens > 50
    assert not failures, f"{len(failures)} of {opens} read-only opens failed: {failures[:3]}"
