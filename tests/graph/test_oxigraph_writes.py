"""Oxigraph's difference path (claimgraph/graph/backends/oxigraph_writes.py): a replacement that
changes few quads of large existing graphs is written as one DELETE DATA / INSERT DATA
transaction, and gives exactly what a full rewrite gives."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from claimgraph.graph.backends import difference, oxigraph_writes
from claimgraph.graph.backends.journal import FILE_NAME
from claimgraph.graph.store import StoreError, open_store
from tests.graph.spying import Spy

EX = "https://example.org/"
G = EX + "ledger"


def triples(n: int, *, changed: int = 0) -> list[tuple]:
    """n triples; the first ``changed`` of them with a new object."""
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i + (1000 if i < changed else 0)))
            for i in range(n)]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 20)
    # every replaced graph here is compared or staged (a graph of a few quads is otherwise
    # written in place: test_a_graph_of_a_few_quads_is_written_in_place_and_restored_on_undo)
    monkeypatch.setattr(oxigraph_writes, "KEPT_IN_JOURNAL", 0)
    opened = open_store(f"oxigraph:{tmp_path / 'store'}")
    opened.replace_graph(G, triples(100))
    yield opened
    opened.close()


def stored(store) -> Graph:
    graph = Graph()
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}").rows:
        graph.add((row["s"], row["p"], row["o"]))
    return graph


def expected(rows: list[tuple]) -> Graph:
    graph = Graph()
    for row in rows:
        graph.add(row)
    return graph


def test_a_small_change_is_one_transaction_of_its_difference(store):
    spy = store._store = Spy(store._store)
    new = triples(100, changed=3) + [(URIRef(EX + "extra"), URIRef(EX + "p"), Literal("x"))]
    counts = store.replace_graph(G, new)
    store._store = spy.inner
    assert spy.calls == ["update"]  # no bulk write, no staging graph, no removal of the graph
    assert counts == 101
    assert isomorphic(stored(store), expected(new))


def test_an_unchanged_replacement_writes_nothing(store):
    spy = store._store = Spy(store._store)
    assert store.replace_graph(G, triples(100)) == 100
    store._store = spy.inner
    assert spy.calls == []
    assert isomorphic(stored(store), expected(triples(100)))


def test_a_change_larger_than_a_small_write_is_still_one_transaction(store):
    # a dense ranking shifts when one item is inserted: a refreshed ledger changes many quads,
    # and one transaction of them is much cheaper than removing and copying the whole graph
    spy = store._store = Spy(store._store)
    new = triples(100, changed=30)  # 60 quads differ: more than SMALL_WRITE
    store.replace_graph(G, new)
    store._store = spy.inner
    assert spy.calls == ["update"]
    assert isomorphic(stored(store), expected(new))


def test_too_many_changes_are_applied_in_chunks_from_journaled_files(store, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_CHANGES", 50)
    monkeypatch.setattr(difference, "CHUNK", 7)
    spy = store._store = Spy(store._store)
    new = triples(100, changed=30)  # 60 quads differ: more than DIFFERENCE_CHANGES
    store.replace_graph(G, new)
    store._store = spy.inner
    # 30 removed in chunks of 7, then 30 added: no bulk write, no removal of the whole graph
    assert spy.calls == ["update"] * 5 + ["extend"] * 5
    assert isomorphic(stored(store), expected(new))
    assert not list((tmp_path / "store").glob("claimgraph-difference-*"))
    assert not (tmp_path / "store" / FILE_NAME).exists()


def test_in_memory_too_many_changes_are_a_full_rewrite(monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 20)
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_CHANGES", 50)
    memory = open_store("memory:")
    memory.replace_graph(G, triples(100))
    spy = memory._store = Spy(memory._store)
    new = triples(100, changed=30)
    memory.replace_graph(G, new)
    memory._store = spy.inner
    assert "bulk_extend" in spy.calls and "update" not in spy.calls
    assert isomorphic(stored(memory), expected(new))


def test_a_difference_interrupted_while_applied_is_applied_on_the_next_open(store, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_CHANGES", 50)
    monkeypatch.setattr(difference, "CHUNK", 7)
    real_update = type(store._store).update
    calls = []

    def dies_on_the_third_chunk(text):
        calls.append(text)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process stops between two chunks
        return real_update(store._store.inner, text)

    new = triples(100, changed=30)
    spy = store._store = Spy(store._store)
    spy.update = dies_on_the_third_chunk
    with pytest.raises(KeyboardInterrupt):
        store.replace_graph(G, new)
    store._store = spy.inner
    assert store.count(G) == 0 and G not in store.graphs()   # half applied: hidden here too
    del spy   # it holds the pyoxigraph store: the folder stays locked while it lives
    folder = tmp_path / "store"
    assert (folder / FILE_NAME).exists() and len(list(folder.glob("claimgraph-difference-*"))) == 2
    store.close()
    with pytest.raises(StoreError, match="interrupted") as refused:   # no reader sees half of it
        open_store(f"oxigraph:{folder}", read_only=True)
    assert "any command that writes to the store finishes it" in str(refused.value)
    reopened = open_store(f"oxigraph:{folder}")
    try:
        assert isomorphic(stored(reopened), expected(new))
        assert reopened.count(G) == 100
    finally:
        reopened.close()
    assert not (folder / FILE_NAME).exists()
    assert not list(folder.glob("claimgraph-difference-*"))


def test_difference_files_never_journaled_are_removed_on_open(store, tmp_path):
    folder = tmp_path / "store"
    store.close()
    stray = folder / "claimgraph-difference-0123-removed.nq"
    stray.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n")
    reopened = open_store(f"oxigraph:{folder}")
    try:
        assert not stray.exists()
        assert isomorphic(stored(reopened), expected(triples(100)))
    finally:
        reopened.close()


def test_blank_nodes_are_a_full_rewrite(store):
    spy = store._store = Spy(store._store)
    new = triples(100) + [(BNode(), URIRef(EX + "p"), Literal("anonymous"))]
    store.replace_graph(G, new)
    store._store = spy.inner
    assert "bulk_extend" in spy.calls
    assert isomorphic(stored(store), expected(new))


def test_the_difference_is_kept_on_disk(store, tmp_path):
    new = triples(100, changed=2)[5:]  # 5 removed, 2 changed
    store.replace_graph(G, new)
    store.close()
    reopened = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        assert reopened.count(G) == 95
        assert isomorphic(stored(reopened), expected(new))
    finally:
        reopened.close()


def test_beyond_the_read_limit_a_list_is_compared_by_digests(store, monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 50)
    spy = store._store = Spy(store._store)
    new = triples(100, changed=3)[2:] + [(URIRef(EX + "extra"), URIRef(EX + "p"), Literal("x"))]
    assert store.replace_graph(G, new + new[:10]) == 99   # repeated triples count once
    store._store = spy.inner
    assert spy.calls == ["update"]
    assert isomorphic(stored(store), expected(new))


def test_beyond_the_read_limit_too_many_changes_are_applied_in_chunks(store, monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 50)
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_CHANGES", 10)
    spy = store._store = Spy(store._store)
    new = triples(100, changed=6)   # 12 quads differ
    store.replace_graph(G, new)
    store._store = spy.inner
    assert "bulk_extend" not in spy.calls and "remove_graph" not in spy.calls
    assert isomorphic(stored(store), expected(new))


def test_beyond_the_read_limit_a_stream_read_once_is_a_full_rewrite(store, monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 50)
    spy = store._store = Spy(store._store)
    new = triples(100, changed=1)
    store.replace_graphs({G: (t for t in new)})
    store._store = spy.inner
    assert "bulk_extend" in spy.calls
    assert isomorphic(stored(store), expected(new))


class Counted(list):
    """Triples that count how often they are read."""

    reads = 0

    def __iter__(self):
        self.reads += 1
        return super().__iter__()


def test_graphs_holding_nothing_are_written_after_one_read_of_the_triples(tmp_path, monkeypatch):
    # a store's first ledger: nothing to compare with, so no difference is looked for
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 20)
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 50)
    opened = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        for name in (G, G + "-small"):
            new = Counted(triples(100 if name == G else 10))
            assert opened.replace_graph(name, new) == len(new)
            assert new.reads == 1
        assert isomorphic(stored(opened), expected(triples(100)))
    finally:
        opened.close()


def test_beyond_the_read_limit_a_known_size_is_not_read_before_the_difference(store,
                                                                               monkeypatch):
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 50)
    unchanged = Counted(triples(100))
    assert store.replace_graph(G, unchanged) == 100
    assert unchanged.reads == 1            # digested once; nothing added, nothing read again
    changed = Counted(triples(100, changed=3))
    spy = store._store = Spy(store._store)
    store.replace_graph(G, changed)
    store._store = spy.inner
    assert spy.calls == ["update"]
    assert changed.reads == 2              # digested, then the added quads picked
    assert isomorphic(stored(store), expected(triples(100, changed=3)))


def test_held_triples_go_to_the_bulk_loader_in_chunks(tmp_path, monkeypatch):
    # the caller holds the triples (a derived ledger): the loader's own batches are kept small
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 20)
    monkeypatch.setattr(oxigraph_writes, "BULK_CHUNK", 30)
    opened = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        spy = opened._store = Spy(opened._store)
        assert opened.replace_graph(G, triples(100)) == 100          # a first write: 4 chunks
        streamed = (t for t in triples(100, changed=100))           # not held: one call
        assert opened.replace_graphs({G + "-streamed": streamed}) == {G + "-streamed": 100}
        opened._store = spy.inner
        assert spy.calls == ["bulk_extend"] * (4 + 1)
        assert isomorphic(stored(opened), expected(triples(100)))
    finally:
        opened.close()


def test_a_graph_of_a_few_quads_is_written_in_place_and_restored_on_undo(tmp_path, monkeypatch):
    # a first ledger replaces a graph holding only the stale mark its load wrote: comparing
    # with it, or staging the new version and copying it over, cost 1.7 GiB and ~40 s at 1M
    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 20)
    monkeypatch.setattr(oxigraph_writes, "KEPT_IN_JOURNAL", 3)
    folder = tmp_path / "store"
    store = open_store(f"oxigraph:{folder}")
    store.replace_graph(G, triples(3))
    spy = store._store = Spy(store._store)
    store.replace_graph(G, triples(100, changed=50))
    store._store = spy.inner
    assert spy.calls == ["remove_graph", "bulk_extend"]   # no difference, no staging graph
    del spy   # it holds the database, which the reopening below needs closed
    assert isomorphic(stored(store), expected(triples(100, changed=50)))

    store.replace_graph(G, triples(3))

    class Failing(list):
        """Triples of which the 51st cannot be written (a bad quad)."""
        def __iter__(self):
            for number, triple in enumerate(super().__iter__()):
                if number == 50:
                    raise ValueError("a bad quad")
                yield triple

    failing = Failing(triples(60, changed=60))
    with pytest.raises(ValueError):
        store.replace_graph(G, failing)
    assert isomorphic(stored(store), expected(triples(3)))  # undone: the kept quads are back

    def dies(writes, entry):
        raise KeyboardInterrupt
    monkeypatch.setattr(oxigraph_writes.AtomicWrites, "_undo", dies)
    with pytest.raises(KeyboardInterrupt):   # the process dies before it can undo the write
        store.replace_graph(G, failing)
    monkeypatch.undo()
    store.close()
    assert (folder / FILE_NAME).exists()
    with open_store(f"oxigraph:{folder}", read_only=True) as view:  # the write is not seen
        assert G not in view.graphs()
    with open_store(f"oxigraph:{folder}") as reopened:   # recovery undoes it
        assert isomorphic(stored(reopened), expected(triples(3)))
    assert not (folder / FILE_NAME).exists()
