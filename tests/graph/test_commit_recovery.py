"""A large replacement stopped at its commit, once its graphs are moved and before its journal is
cleared, is finished again on the next open without touching what the moves already wrote
(claimgraph/graph/backends/oxigraph_writes.py, ``_finish``)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from claimgraph.graph.backends import oxigraph_writes
from claimgraph.graph.backends.journal import FILE_NAME, Journal
from claimgraph.graph.store import open_store

EX = "https://example.org/"
BIG, SMALL, GONE, KEPT = (EX + "graph/big", EX + "graph/small", EX + "graph/gone",
                          EX + "graph/kept")


def triples(n: int, word: str) -> list[tuple]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{word} {i}")) for i in range(n)]


def contents(store, graph: str) -> list[str]:
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return sorted(str(row["o"]) for row in rows)


@pytest.mark.parametrize("stop", ["after the moves", "before the moves"])
def test_a_commit_redone_after_a_crash_keeps_the_new_graphs(tmp_path, monkeypatch, stop):
    # 30 quads are a large staging graph (moved by copying), 10 a small one (moved by MOVE);
    # streamed and over the read limit, the replacement is a bulk write into staging graphs
    limits = {"SMALL_WRITE": 20, "DIFFERENCE_READ": 10, "KEPT_IN_JOURNAL": 0}
    for name, value in limits.items():
        monkeypatch.setattr(oxigraph_writes, name, value)
    folder = tmp_path / "store"
    url = f"oxigraph:{folder}"
    with open_store(url) as store:
        store.replace_graphs({BIG: triples(30, "old"), SMALL: triples(10, "old"),
                              GONE: triples(5, "old"), KEPT: triples(3, "kept")})
    store = open_store(url)
    if stop == "after the moves":   # the process dies as it clears the journal
        def dies(journal):
            raise KeyboardInterrupt
        monkeypatch.setattr(Journal, "clear", dies)
    else:                           # the process dies as the commit begins
        def dies(writes, entry):
            raise KeyboardInterrupt
        monkeypatch.setattr(oxigraph_writes.AtomicWrites, "_finish", dies)
    with pytest.raises(KeyboardInterrupt):
        store.replace_graphs({BIG: iter(triples(30, "new")), SMALL: iter(triples(10, "new")),
                              GONE: iter([])})
    monkeypatch.undo()
    store.close()
    assert (folder / FILE_NAME).exists()
    for name, value in limits.items():
        monkeypatch.setattr(oxigraph_writes, name, value)
    with open_store(url) as reopened:   # recovery finishes the commit
        assert contents(reopened, BIG) == sorted(f"new {i}" for i in range(30))
        assert contents(reopened, SMALL) == sorted(f"new {i}" for i in range(10))
        assert contents(reopened, KEPT) == sorted(f"kept {i}" for i in range(3))
        assert GONE not in reopened.graphs()
        assert not any(g.startswith(oxigraph_writes.STAGING_PREFIX) for g in reopened.graphs())
    assert not (folder / FILE_NAME).exists()
    with open_store(url) as again:   # and a second open changes nothing
        assert contents(again, BIG) == sorted(f"new {i}" for i in range(30))
        assert contents(again, SMALL) == sorted(f"new {i}" for i in range(10))
