"""A load killed with SIGKILL leaves the store readable with exactly the graphs it had before."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from claimgraph.graph.backends.journal import FILE_NAME
from claimgraph.graph.ledger import LEDGER_GRAPH, stale_since
from claimgraph.graph.store import open_store
from tests.graph.killing import sigkill_mid_load

EX = "http://example.org/"


@pytest.mark.slow
def test_sigkill_mid_load_leaves_store_as_before(tmp_path):
    store_dir = tmp_path / "store"
    url = f"oxigraph:{store_dir}"
    old, new = EX + "graph/old", EX + "graph/new"
    with open_store(url) as store:
        store.update(f"INSERT DATA {{ GRAPH <{old}> {{ <{EX}a> <{EX}p> 'before' }} }}")
        store.update(f"INSERT DATA {{ GRAPH <{EX}other> {{ <{EX}b> <{EX}p> 'kept' }} }}")
        before = {g: store.count(g) for g in store.graphs()}
    big = tmp_path / "big.nq"  # ~70 MB: streamed, half replacing <old>, half a new graph
    with open(big, "w") as out:
        for i in range(600_000):
            out.write(f'<{EX}s{i}> <{EX}p> "value {i} of a long generated literal" '
                      f'<{old if i % 2 else new}> .\n')
    sigkill_mid_load(store_dir, [str(big)], settle=1.0)

    def data(store) -> dict[str, int]:
        # the load marked the (absent) ledger stale before writing: that mark is all it holds
        if LEDGER_GRAPH in store.graphs():
            assert store.count(LEDGER_GRAPH) == 1 and stale_since(store) is not None
        return {g: store.count(g) for g in store.graphs() if g != LEDGER_GRAPH}

    with open_store(url, read_only=True) as view:   # before recovery: the store as before
        assert data(view) == before
        assert (store_dir / FILE_NAME).exists()
    with open_store(url) as store:
        assert data(store) == before
        rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{old}> {{ ?s ?p ?o }} }}").rows
        assert [str(r["o"]) for r in rows] == ["before"]
    assert not (store_dir / FILE_NAME).exists()


@pytest.mark.slow
def test_sigkill_while_a_large_difference_is_applied_finishes_it_on_open(tmp_path):
    store_dir = tmp_path / "store"
    url = f"oxigraph:{store_dir}"
    graph = EX + "graph/replaced"
    with open_store(url) as store:
        store.replace_graph(graph, [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"old {i}"))
                                    for i in range(20_000)])
    new = tmp_path / "new.nq"
    with open(new, "w") as out:
        for i in range(20_000):
            out.write(f'<{EX}s{i}> <{EX}p> "{"new" if i % 2 else "old"} {i}" <{graph}> .\n')
    # a difference (10k removed, 10k added) over the transaction limit, applied a quad at a time;
    # each chunk waits 5 ms, so the application takes over 100 s and the kill always lands in it
    # (without the wait a fast machine applied all 20k quads within the 0.3 s settle time)
    prelude = ("import time\n"
               "from claimgraph.graph.backends import difference, oxigraph_writes\n"
               "oxigraph_writes.SMALL_WRITE = 5\noxigraph_writes.DIFFERENCE_CHANGES = 10\n"
               "difference.CHUNK = 1\n"
               "read_chunks = difference._chunks\n"
               "def slow_chunks(path):\n"
               "    for chunk in read_chunks(path):\n"
               "        time.sleep(0.005)\n"
               "        yield chunk\n"
               "difference._chunks = slow_chunks\n")
    sigkill_mid_load(store_dir, ["--no-ledger", str(new)], settle=0.3, prelude=prelude)
    assert (store_dir / FILE_NAME).exists()
    with open_store(url) as store:
        rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    assert sorted(str(r["o"]) for r in rows) == sorted(
        f"{'new' if i % 2 else 'old'} {i}" for i in range(20_000))
    assert not (store_dir / FILE_NAME).exists()
    assert not list(store_dir.glob("claimgraph-difference-*"))
